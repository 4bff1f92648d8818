import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAFE_VERSION } from '@cafe/shared';
import { createTestDatabase, fetchJson, getUnreachablePostgresUrl, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';

// GET /api/v1/health of the built registry (docs/flex-registry.md#health) plus service, version and
// modes; degraded when its database is unreachable, still 200 and without auth.

let db: TestDatabase;
const running: RunningApp[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(running.map((app) => app.stop()));
  await db?.drop();
});

async function start(url: string): Promise<RunningApp> {
  // An API key is set to show the health route is exempt from auth.
  const app = await startBuiltApp('flex-registry', { DATABASE_URL: url, FLEX_DATABASE_URL: url, REDIS_URL: '', FLEX_API_KEY: 'flex-health-key' });
  running.push(app);
  return app;
}

describe('flex registry /api/v1/health', () => {
  it('is healthy with the docs/flex-registry.md#health shape plus service, version and modes', async () => {
    const app = await start(db.url);
    const res = await fetchJson(`${app.baseUrl}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'healthy',
      timestamp: expect.any(String),
      uptimeSeconds: expect.any(Number),
      services: { database: { ok: true }, openai: { configured: expect.any(Boolean) } },
      env: { nodeEnv: expect.any(String) },
      service: 'flex-agents-server',
      version: CAFE_VERSION,
      modes: { postgres: 'external', transport: 'postgres' },
    });
    expect(Number.isInteger((res.body as { uptimeSeconds: number }).uptimeSeconds)).toBe(true);
  });

  it('says degraded, with the reason, when its database is unreachable', async () => {
    const app = await start(await getUnreachablePostgresUrl());
    const res = await fetchJson<{ status: string; reason: string; services: { database: { ok: boolean } } }>(`${app.baseUrl}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.services.database.ok).toBe(false);
    expect(res.body.reason).toMatch(/ECONNREFUSED|connect/);
  });
});
