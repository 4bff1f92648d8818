import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isRedisReachable, getTestRedisUrl, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';

const redisUrl = getTestRedisUrl();
const redisUp = await isRedisReachable(redisUrl);
if (!redisUp) console.warn(`[rate-limit.e2e] Redis not reachable at ${redisUrl ?? '(unset)'}: the shared-window suite is skipped`);

let db: TestDatabase;
const apps: RunningApp[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await db?.drop();
});

/** The tests' requests arrive over loopback through a proxy hop at 10.0.0.1: both are trusted proxies. */
const TRUST_PROXY = '127.0.0.1,10.0.0.0/8';

async function hit(app: RunningApp, client: string) {
  const res = await fetch(`${app.baseUrl}/healthz`, { headers: { 'x-forwarded-for': `${client}, 10.0.0.1` } });
  return { status: res.status, remaining: res.headers.get('x-ratelimit-remaining'), body: (await res.json()) as any };
}

describe('rate limits (docs/http.md#rate-limits)', () => {
  it('per process without Redis: the window counts every request and answers 429 with details', async () => {
    const app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '3', TRUST_PROXY });
    apps.push(app);
    const client = randomUUID();
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await hit(app, client));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(results.map((r) => r.remaining)).toEqual(['2', '1', '0', '0']);
    expect(results[3]!.body.error).toMatchObject({ code: 'ERR_RATE_LIMITED', details: { limit: 3 } });
    expect(typeof results[3]!.body.error.details.resetEpochSeconds).toBe('number');
    // Another client (the nearest untrusted x-forwarded-for hop) has its own window.
    expect((await hit(app, randomUUID())).status).toBe(200);
  });

  it('x-forwarded-for counts only from a trusted proxy: without TRUST_PROXY a client cannot buy fresh windows', async () => {
    const app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '3' });
    apps.push(app);
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await hit(app, randomUUID())).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it.skipIf(!redisUp)('shared across instances with Redis', async () => {
    const env = { DATABASE_URL: db.url, REDIS_URL: redisUrl!, API_RATE_LIMIT_PER_MIN: '5', TRUST_PROXY };
    const [a, b] = await Promise.all([startBuiltApp('api', env), startBuiltApp('api', env)]);
    apps.push(a, b);
    for (const app of [a, b]) {
      for (let i = 0; i < 50; i += 1) {
        const health = (await (await fetch(`${app.baseUrl}/healthz`, { headers: { 'x-forwarded-for': 'probe' } })).json()) as any;
        if (health.redis?.ready) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const client = randomUUID();
    const statuses = [];
    for (const app of [a, b, a, b, a, b]) statuses.push((await hit(app, client)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
