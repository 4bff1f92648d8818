import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, getTestRedisUrl, isRedisReachable, startBuiltApp, startStallingProxy, type RunningApp, type StallingProxy, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';

/** The built API with its Redis behind a proxy that can go silent (docs/operations.md#redis-that-stops-answering). */

const redisUrl = getTestRedisUrl();
const reachable = await isRedisReachable(redisUrl);

describe.skipIf(!reachable)('the API with a Redis that stops answering', () => {
  let db: TestDatabase;
  let proxy: StallingProxy;
  let app: RunningApp;
  let api: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(redisUrl!);
    proxy = await startStallingProxy({ host: target.hostname, port: Number(target.port || 6379) });
    app = await startBuiltApp('api', {
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}/15`,
      REDIS_COMMAND_TIMEOUT_MS: '500',
      BUS_REDIS_STREAM_KEY: `cafe-test:stall:${Date.now()}`,
      ...RELAXED_MODERATION_ENV,
    });
    api = createApiClient(app.baseUrl);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await db?.drop();
  });

  const say = (text: string) => api.post('/v1/commands/say', { actorId: 'stall-bot', text });

  it('keeps answering, with health degraded, while Redis is silent; healthy again once it answers', async () => {
    await expect.poll(async () => (await api.get('/healthz')).body.status, { timeout: 15_000 }).toBe('healthy');
    expect((await say('before')).status).toBe(202);
    proxy.stall();
    // Each request would hang for good without command timeouts; these must all answer.
    const during = await Promise.all([say('during 1'), say('during 2'), api.get('/v1/timeline?limit=5')]);
    expect(during.map((response) => response.status)).toEqual([202, 202, 200]);
    const health = await api.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.reason).toMatch(/^Redis does not answer/);
    proxy.resume();
    await expect.poll(async () => (await api.get('/healthz')).body.status, { timeout: 20_000 }).toBe('healthy');
    expect((await say('after')).status).toBe(202);
  }, 60_000);
});
