import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { openServiceDatabase, type ServiceDatabase, type ServiceDatabaseEnv } from '../src/index';

const baseEnv: ServiceDatabaseEnv = {
  PG_POOL_MAX: 10,
  PG_IDLE_TIMEOUT_MS: 30000,
  API_DB_AUTO_MIGRATE: true,
  API_DB_MIGRATION_LOCK_KEY: 942516431,
  API_DB_REQUIRED: false,
  DB_HORIZON_STUCK_MS: 30000,
};

function collectingLogger() {
  const lines: { level: string; message: string; meta?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message: string, meta?: Record<string, unknown>) => void lines.push({ level: 'info', message, meta }),
    error: (message: string, meta?: Record<string, unknown>) => void lines.push({ level: 'error', message, meta }),
  };
}

/** A free loopback port with nothing listening on it (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Forwards a loopback port to the real Postgres once started: an outage that can end. */
function startProxy(port: number, target: URL): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

let db: TestDatabase | undefined;
let service: ServiceDatabase | undefined;
let proxy: { close(): Promise<void> } | undefined;

afterEach(async () => {
  await service?.close();
  await proxy?.close();
  await db?.drop();
  service = undefined;
  proxy = undefined;
  db = undefined;
});

describe('openServiceDatabase', () => {
  it('migrates at start and probes healthy, also with PG_POOL_MAX=1', async () => {
    db = await createTestDatabase({ migrate: false });
    const logger = collectingLogger();
    service = openServiceDatabase({ ...baseEnv, PG_POOL_MAX: 1 }, { applicationName: 't', logger, url: db.url });
    await Promise.race([service.ready, new Promise((_, reject) => setTimeout(() => reject(new Error('not ready in 15 s')), 15_000))]);
    expect(await service.probe()).toBeNull();
    expect(logger.lines.find((line) => line.message === 'migrations checked')?.meta).toMatchObject({ applied: expect.any(Number) });
    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(n).toBeGreaterThan(0);
  });

  it('reports why while Postgres is unreachable, then recovers once it is back', async () => {
    db = await createTestDatabase({ migrate: false });
    const port = await freePort();
    const real = new URL(db.url);
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(port);
    const logger = collectingLogger();
    service = openServiceDatabase(baseEnv, { applicationName: 't', logger, url: viaProxy.toString() });
    await service.ready;
    const reason = await service.probe();
    expect(reason).toMatch(/migration failed/);
    expect(reason).toMatch(/ECONNREFUSED/);

    proxy = await startProxy(port, real);
    const deadline = Date.now() + 20_000;
    let probe: string | null = reason;
    while (probe !== null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      probe = await service.probe();
    }
    expect(probe).toBeNull();
    expect(logger.lines.filter((line) => line.message === 'migrations checked')).toHaveLength(1);
  });

  it('without DATABASE_URL reports that it is not set', async () => {
    service = openServiceDatabase(baseEnv, { applicationName: 't', logger: collectingLogger() });
    await service.ready;
    expect(service.sql).toBeNull();
    expect(await service.probe()).toBe('DATABASE_URL is not set');
  });
});
