import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger, parseApiEnv } from '@cafe/shared';
import { getTestRedisUrl, isRedisReachable, uniqueRedisPrefix } from '@cafe/testkit';
import { readModerationLimits } from '../src/moderation/moderation-rules';
import { createMemoryModerationStore, createRedisModerationStore } from '../src/moderation/moderation-store';

const redisUrl = getTestRedisUrl();
const redisUp = await isRedisReachable(redisUrl);
if (!redisUp) console.warn(`[moderation-store.int] Redis not reachable at ${redisUrl ?? '(unset)'}: the Redis suite is skipped`);

const logger = createLogger({ service: 'moderation-test', level: 'error' });
const limits = readModerationLimits(parseApiEnv({ MOD_WINDOW_MS: '60000', MOD_MAX_ACTIONS_PER_WINDOW: '5', MOD_MIN_ACTION_INTERVAL_MS: '0', MOD_COOLDOWN_MS: '1000' }));
const clients: Redis[] = [];

function connect(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  client.on('error', () => {});
  clients.push(client);
  return client;
}

async function ready(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

afterAll(() => {
  for (const client of clients) client.disconnect();
});

const subject = { tenantId: 'default', roomId: 'main', actorId: 'looper' };

describe.skipIf(!redisUp)('Redis moderation store', () => {
  it('two API instances share one window: the rate limit counts actions from both', async () => {
    const prefix = uniqueRedisPrefix('mod');
    const a = createRedisModerationStore(await ready(connect(redisUrl!)), prefix, limits, createMemoryModerationStore(limits), logger);
    const b = createRedisModerationStore(await ready(connect(redisUrl!)), prefix, limits, createMemoryModerationStore(limits), logger);
    const now = Date.now();
    const verdicts = [];
    for (let i = 0; i < 6; i += 1) verdicts.push(await (i % 2 === 0 ? a : b).evaluate(subject, { action: 'move' }, now + i));
    expect(verdicts.map((v) => (v.allowed ? 'ok' : v.reasonCode))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'MOD_RATE_LIMIT']);
    // The cooldown started by b is seen by a.
    expect(await a.evaluate(subject, { action: 'move' }, now + 10)).toMatchObject({ allowed: false, reasonCode: 'MOD_COOLDOWN' });
    // Another actor has a window of its own.
    expect((await a.evaluate({ ...subject, actorId: 'calm' }, { action: 'move' }, now + 10)).allowed).toBe(true);
  });

  it('concurrent evaluations from two instances never record more than the limit (compare-and-set)', async () => {
    const prefix = uniqueRedisPrefix('mod');
    const stores = [0, 1].map(() => createRedisModerationStore(connect(redisUrl!), prefix, limits, createMemoryModerationStore(limits), logger));
    await Promise.all(clients.map(ready));
    const now = Date.now();
    const verdicts = await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 2]!.evaluate(subject, { action: 'move' }, now)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
    const raw = await clients[clients.length - 1]!.get(`${prefix}:default:main:looper`);
    expect(JSON.parse(raw!).actions).toHaveLength(5);
  });

  it('expires the key after the window', async () => {
    const prefix = uniqueRedisPrefix('mod');
    const client = await ready(connect(redisUrl!));
    const store = createRedisModerationStore(client, prefix, limits, createMemoryModerationStore(limits), logger);
    await store.evaluate(subject, { action: 'move' }, Date.now());
    const ttl = await client.pttl(`${prefix}:default:main:looper`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(61000);
  });
});

describe('Redis moderation store while Redis is down', () => {
  it('falls back to process memory instead of failing, and still enforces the rules', async () => {
    // Nothing listens on port 1: the client never becomes ready.
    const down = connect('redis://127.0.0.1:1');
    const store = createRedisModerationStore(down, uniqueRedisPrefix('mod'), limits, createMemoryModerationStore(limits), logger);
    const now = Date.now();
    const verdicts = [];
    for (let i = 0; i < 6; i += 1) verdicts.push(await store.evaluate(subject, { action: 'move' }, now + i));
    expect(verdicts.map((v) => (v.allowed ? 'ok' : v.reasonCode))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'MOD_RATE_LIMIT']);
  });
});
