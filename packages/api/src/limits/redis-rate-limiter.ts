import type { Redis } from 'ioredis';
import { RATE_WINDOW_MS, type RateLimiter, type RateWindow } from '@cafe/http';
import { canCountLocally, estimatedCount, SHARED_COUNT_MAX_AGE_MS, UNSENT_HITS_FLUSH_MS, type SharedWindowView } from './decide-rate-hit';

/**
 * INCRBY, and when that created the key PEXPIRE, atomically in one command. The key names its
 * window start, so setting the expiry once is enough: it only reclaims the key after the window.
 */
const ADD_SCRIPT = `local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

type AddCommand = (key: string, ttlMs: number, hits: number) => Promise<number>;

interface SharedWindow extends SharedWindowView {
  redisKey: string;
  resetAt: number;
}

export interface RedisRateLimiterOptions {
  /** Requests per window (API_RATE_LIMIT_PER_MIN): near it every hit is counted in Redis first. */
  limit: number;
  prefix?: string;
}

/**
 * A fixed-window limiter shared by every API instance (docs/http.md#rate-limits windows, counted
 * in Redis). A round trip to Redis on every request cost the API as much CPU as the rest of a
 * cached read, so hits are counted in this process and sent in batches while that cannot
 * change an answer (decide-rate-hit.ts): a window far below the limit whose shared count Redis
 * confirmed moments ago. Otherwise — a window's first hit here, a count older than
 * SHARED_COUNT_MAX_AGE_MS, or a count past half the limit — the hit (with any unsent ones) is
 * counted in Redis before the answer, as every hit used to be, so the 429 comes at the same
 * request. One instance alone always sees its exact count. While Redis is unavailable the
 * request is counted by the process-local fallback instead of being rejected or delayed.
 */
export function createRedisRateLimiter(redis: Redis, fallback: RateLimiter, options: RedisRateLimiterOptions): RateLimiter & { close(): void } {
  const prefix = options.prefix ?? 'cafe:ratelimit';
  // ioredis sends EVALSHA and falls back to EVAL once when the script is not cached yet.
  if (!('cafeRateAdd' in redis)) redis.defineCommand('cafeRateAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
  const add = (redis as unknown as { cafeRateAdd: AddCommand }).cafeRateAdd.bind(redis);
  const ttlMs = RATE_WINDOW_MS + 1000;
  const windows = new Map<string, SharedWindow>();
  /** Windows holding hits answered here and not yet sent. */
  const unsentWindows = new Set<SharedWindow>();
  let flushTimer: NodeJS.Timeout | null = null;
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  }, RATE_WINDOW_MS);
  sweep.unref();

  /** Sends `hits` to Redis and takes its answer as the window's shared count. */
  const send = async (window: SharedWindow, hits: number): Promise<number> => {
    window.sending += hits;
    try {
      const count = Number(await add(window.redisKey, ttlMs, hits));
      if (!Number.isFinite(count)) throw new Error('no INCRBY result');
      // Replies on one connection come in order, so a later answer never carries an older count.
      window.confirmed = count;
      window.confirmedAt = Date.now();
      return count;
    } finally {
      window.sending -= hits;
    }
  };

  const flush = () => {
    flushTimer = null;
    for (const window of unsentWindows) {
      unsentWindows.delete(window);
      if (window.unsent === 0) continue;
      const hits = window.unsent;
      window.unsent = 0;
      // A lost batch only undercounts other instances' view of this window; never an error.
      send(window, hits).catch(() => {});
    }
  };

  const scheduleFlush = () => {
    if (flushTimer) return;
    flushTimer = setTimeout(flush, UNSENT_HITS_FLUSH_MS);
    flushTimer.unref();
  };

  const countInRedis = async (window: SharedWindow, key: string, now: number): Promise<RateWindow> => {
    const hits = window.unsent + 1;
    window.unsent = 0;
    try {
      return { count: await send(window, hits), resetAt: window.resetAt };
    } catch {
      return fallback.hit(key, now);
    }
  };

  return {
    hit(key, now) {
      // While Redis is (re)connecting, count locally rather than queue or delay the request.
      if (redis.status !== 'ready') return fallback.hit(key, now);
      const start = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS;
      const redisKey = `${prefix}:${start}:${key}`;
      let window = windows.get(redisKey);
      if (!window) {
        window = { redisKey, resetAt: start + RATE_WINDOW_MS, confirmed: 0, confirmedAt: Number.NEGATIVE_INFINITY, sending: 0, unsent: 0 };
        windows.set(redisKey, window);
      }
      if (!canCountLocally(window, now, options.limit, SHARED_COUNT_MAX_AGE_MS)) return countInRedis(window, key, now);
      window.unsent += 1;
      unsentWindows.add(window);
      scheduleFlush();
      return { count: estimatedCount(window), resetAt: window.resetAt };
    },
    close() {
      clearInterval(sweep);
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
    },
  };
}
