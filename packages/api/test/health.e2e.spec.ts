import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAFE_VERSION } from '@cafe/shared';
import {
  createTestDatabase,
  fetchJson,
  getTestRedisUrl,
  getUnreachablePostgresUrl,
  isRedisReachable,
  startBuiltApp,
  type RunningApp,
  type TestDatabase,
} from '@cafe/testkit';

// GET /healthz of the built API: service, version, uptime, modes; degraded with a reason when
// its database is unreachable (and still answering 200).

let db: TestDatabase;
const running: RunningApp[] = [];
const redisUp = await isRedisReachable();

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(running.map((app) => app.stop()));
  await db?.drop();
});

async function start(env: Record<string, string>): Promise<RunningApp> {
  const app = await startBuiltApp('api', { REDIS_URL: '', ...env });
  running.push(app);
  return app;
}

describe('api /healthz', () => {
  it('is healthy on a reachable database, reporting service, version, uptime and modes', async () => {
    const app = await start({ DATABASE_URL: db.url });
    const res = await fetchJson(`${app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      service: 'agentcafe-api',
      version: CAFE_VERSION,
      uptimeSeconds: expect.any(Number),
      status: 'healthy',
      reason: null,
      modes: { postgres: 'external', transport: 'postgres' },
      database: { ok: true },
    });
  });

  it('reports the embedded mode the launcher sets', async () => {
    const app = await start({ DATABASE_URL: db.url, CAFE_POSTGRES_MODE: 'embedded' });
    expect((await fetchJson(`${app.baseUrl}/healthz`)).body).toMatchObject({ modes: { postgres: 'embedded' } });
  });

  it.skipIf(!redisUp)('reports the redis transport when REDIS_URL is set', async () => {
    const app = await start({ DATABASE_URL: db.url, REDIS_URL: getTestRedisUrl()! });
    expect((await fetchJson(`${app.baseUrl}/healthz`)).body).toMatchObject({ status: 'healthy', modes: { postgres: 'external', transport: 'redis' } });
  });

  it('says degraded, with the reason, when the database is unreachable, and still answers 200', async () => {
    const app = await start({ DATABASE_URL: await getUnreachablePostgresUrl() });
    const res = await fetchJson<{ ok: boolean; status: string; reason: string; database: { ok: boolean } }>(`${app.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, status: 'degraded', database: { ok: false } });
    expect(res.body.reason).toMatch(/ECONNREFUSED|connect/);
    expect(app.process.exitCode).toBeNull();
  });
});
