import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAFE_VERSION } from '@cafe/shared';
import { startBuiltApp, type AppName, type RunningApp } from './apps';
import { createTestDatabase, type TestDatabase } from './database';
import { fetchJson, getUnreachablePostgresUrl } from './network';
import { getTestRedisUrl, isRedisReachable } from './redis';

/**
 * The `/healthz` contract shared by the API, realtime and projector, run against a built app:
 * service, version, uptime and modes (postgres embedded|external, transport postgres|redis),
 * and "degraded" with a reason — still answering 200 — when its database is unreachable.
 */
export function describeHealthRoute(app: Exclude<AppName, 'flex-registry'>, service: string): void {
  let db: TestDatabase;
  const running: RunningApp[] = [];
  const redisUrl = getTestRedisUrl();
  const redisUp = isRedisReachable(redisUrl);

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(running.map((started) => started.stop()));
    await db?.drop();
  });

  async function start(env: Record<string, string>): Promise<RunningApp> {
    const started = await startBuiltApp(app, { REDIS_URL: '', ...env });
    running.push(started);
    return started;
  }

  describe(`${app} /healthz`, () => {
    it('is healthy on a reachable database, reporting service, version, uptime and modes', async () => {
      const started = await start({ DATABASE_URL: db.url });
      const res = await fetchJson(`${started.baseUrl}/healthz`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ok: true,
        service,
        version: CAFE_VERSION,
        uptimeSeconds: expect.any(Number),
        status: 'healthy',
        reason: null,
        database: { ok: true },
        modes: { postgres: 'external', transport: 'postgres' },
      });
    });

    it('reports the embedded mode the launcher sets', async () => {
      const started = await start({ DATABASE_URL: db.url, CAFE_POSTGRES_MODE: 'embedded' });
      expect((await fetchJson(`${started.baseUrl}/healthz`)).body).toMatchObject({ modes: { postgres: 'embedded' } });
    });

    it('reports the redis transport when REDIS_URL is set (skipped when no Redis answers)', async (context) => {
      if (!(await redisUp)) context.skip();
      const started = await start({ DATABASE_URL: db.url, REDIS_URL: redisUrl! });
      expect((await fetchJson(`${started.baseUrl}/healthz`)).body).toMatchObject({
        status: 'healthy',
        modes: { postgres: 'external', transport: 'redis' },
      });
    });

    it('says degraded, naming the pid, while a transaction in another database holds the horizon past DB_HORIZON_STUCK_MS', async () => {
      const started = await start({ DATABASE_URL: db.url, DB_HORIZON_STUCK_MS: '1000' });
      expect((await fetchJson(`${started.baseUrl}/healthz`)).body).toMatchObject({ status: 'healthy', horizon: { stuck: false } });

      // Another database on the same server: xids, and so the horizon, are server-wide.
      const other = await createTestDatabase({ migrate: false, prefix: 'cafe_other' });
      const holder = await other.sql.reserve();
      try {
        await holder`begin`;
        const [{ pid }] = await holder<{ pid: number }[]>`select pg_backend_pid() as pid, pg_current_xact_id()`;
        type Health = { status: string; reason: string | null; horizon: { stuck: boolean; heldForMs: number; holder: { pid: number; database: string } | null } };
        let health = (await fetchJson<Health>(`${started.baseUrl}/healthz`)).body;
        // Polls the app itself: it reports the holder's age, so nothing here guesses at timing.
        for (let round = 0; round < 100 && !health.horizon.stuck; round += 1) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          health = (await fetchJson<Health>(`${started.baseUrl}/healthz`)).body;
        }
        expect(health).toMatchObject({ status: 'degraded', horizon: { stuck: true, holder: { pid, database: other.name } } });
        expect(health.horizon.heldForMs).toBeGreaterThanOrEqual(1000);
        expect(health.reason).toContain(`held by pid ${pid} in database "${other.name}"`);
      } finally {
        await holder`rollback`;
        holder.release();
        await other.drop();
      }
      expect((await fetchJson(`${started.baseUrl}/healthz`)).body).toMatchObject({ status: 'healthy', reason: null, horizon: { stuck: false } });
    });

    it('says degraded, with the reason, when the database is unreachable, and still answers 200', async () => {
      const started = await start({ DATABASE_URL: await getUnreachablePostgresUrl() });
      const res = await fetchJson<{ ok: boolean; status: string; reason: string; database: { ok: boolean } }>(`${started.baseUrl}/healthz`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, status: 'degraded', database: { ok: false } });
      expect(res.body.reason).toMatch(/ECONNREFUSED|connect/);
      expect(started.process.exitCode).toBeNull();
    });
  });
}
