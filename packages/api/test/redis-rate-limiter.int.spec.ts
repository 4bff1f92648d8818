import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createMemoryRateLimiter, RATE_WINDOW_MS, type RateLimiter } from '@cafe/http';
import { getTestRedisUrl, isRedisReachable, uniqueRedisPrefix } from '@cafe/testkit';
import { UNSENT_HITS_FLUSH_MS } from '../src/limits/decide-rate-hit';
import { createRedisRateLimiter } from '../src/limits/redis-rate-limiter';

const redisUrl = getTestRedisUrl();
const redisUp = await isRedisReachable(redisUrl);
if (!redisUp) console.warn(`[redis-rate-limiter.int] Redis not reachable at ${redisUrl ?? '(unset)'}: the suite is skipped`);

const clients: Redis[] = [];
const closers: (() => void)[] = [];

async function connect(): Promise<Redis> {
  const client = new Redis(redisUrl!, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  client.on('error', () => {});
  clients.push(client);
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

/** One API instance's limiter: its own Redis connection, the shared prefix. */
async function instance(prefix: string, limit: number): Promise<RateLimiter> {
  const limiter = createRedisRateLimiter(await connect(), createMemoryRateLimiter(), { limit, prefix });
  closers.push(() => limiter.close());
  return limiter;
}

/** Waits out the last seconds of a window, so no test straddles two windows. */
async function awayFromWindowEnd(): Promise<void> {
  const untilEnd = RATE_WINDOW_MS - (Date.now() % RATE_WINDOW_MS);
  if (untilEnd < 5_000) await new Promise((resolve) => setTimeout(resolve, untilEnd + 10));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, UNSENT_HITS_FLUSH_MS * 5));

afterAll(() => {
  for (const close of closers) close();
  for (const client of clients) client.disconnect();
});

describe.skipIf(!redisUp)('Redis rate limiter (docs/http.md#rate-limits)', () => {
  it('a burst far below the limit is counted exactly, answered without a round trip per hit, and reaches Redis in batches', async () => {
    const prefix = uniqueRedisPrefix('rate');
    const limiter = await instance(prefix, 1_000_000);
    const reader = await connect();
    await awayFromWindowEnd();
    const now = Date.now();
    const counts: number[] = [];
    for (let i = 0; i < 200; i += 1) counts.push((await limiter.hit('client:GET:/v1/timeline', Date.now())).count);
    expect(counts).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const redisKey = `${prefix}:${Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS}:client:GET:/v1/timeline`;
    // Only the window's first hit waited for Redis; the others are still on their way.
    expect(Number(await reader.get(redisKey))).toBeLessThan(200);
    await settle();
    expect(Number(await reader.get(redisKey))).toBe(200);
    expect(await reader.pttl(redisKey)).toBeGreaterThan(RATE_WINDOW_MS - 5_000);
  });

  it('two instances share the window: the batched hits of one are seen by the other, and the 429 comes at the limit', async () => {
    const prefix = uniqueRedisPrefix('rate');
    const [a, b] = [await instance(prefix, 20), await instance(prefix, 20)];
    await awayFromWindowEnd();
    for (let i = 0; i < 6; i += 1) await a.hit('client:GET:/x', Date.now());
    await settle();
    expect((await b.hit('client:GET:/x', Date.now())).count).toBe(7);
    const counts: number[] = [];
    for (let i = 0; i < 14; i += 1) counts.push((await (i % 2 === 0 ? a : b).hit('client:GET:/x', Date.now())).count);
    // From half the limit on, every hit is counted in Redis first: the same count as unbatched,
    // so the 21st hit of the window is the first over the limit of 20.
    expect(counts.slice(-6)).toEqual([16, 17, 18, 19, 20, 21]);
    expect(counts.slice(0, -1).every((count) => count <= 20)).toBe(true);
    expect((await a.hit('client:GET:/x', Date.now())).count).toBe(22);
    expect((await b.hit('client:GET:/x', Date.now())).count).toBe(23);
  });

  it('a small limit alternating between two instances answers as if every hit were counted in Redis', async () => {
    const prefix = uniqueRedisPrefix('rate');
    const [a, b] = [await instance(prefix, 5), await instance(prefix, 5)];
    await awayFromWindowEnd();
    const counts: number[] = [];
    for (const limiter of [a, b, a, b, a, b]) counts.push((await limiter.hit('client:GET:/healthz', Date.now())).count);
    // The remaining count of a hit answered locally may lag the other instance's; the verdicts do not.
    expect(counts.map((count) => count > 5)).toEqual([false, false, false, false, false, true]);
  });
});
