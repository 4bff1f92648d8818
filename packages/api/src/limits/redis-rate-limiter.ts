import type { Redis } from 'ioredis';
import { RATE_WINDOW_MS, type RateLimiter } from '@cafe/http';

/**
 * INCR, and on the window's first hit PEXPIRE, atomically in one command. The key names its
 * window start, so setting the expiry once is enough: it only reclaims the key after the window.
 */
const HIT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

type HitCommand = (key: string, ttlMs: number) => Promise<number>;

/**
 * A fixed-window limiter shared by every API instance (docs/http.md#rate-limits windows, counted in Redis).
 * One round trip and one command per request (EVALSHA of a small script; a MULTI of INCR and
 * PEXPIRE is four commands and measured about three times the client CPU). While Redis is unavailable the
 * request is counted by the process-local fallback instead of being rejected or delayed.
 */
export function createRedisRateLimiter(redis: Redis, fallback: RateLimiter, prefix = 'cafe:ratelimit'): RateLimiter {
  // ioredis sends EVALSHA and falls back to EVAL once when the script is not cached yet.
  if (!('cafeRateHit' in redis)) redis.defineCommand('cafeRateHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  const hit = (redis as unknown as { cafeRateHit: HitCommand }).cafeRateHit.bind(redis);
  return {
    async hit(key, now) {
      const start = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS;
      const redisKey = `${prefix}:${start}:${key}`;
      // While Redis is (re)connecting, count locally rather than queue or delay the request.
      if (redis.status !== 'ready') return fallback.hit(key, now);
      try {
        const count = Number(await hit(redisKey, RATE_WINDOW_MS + 1000));
        if (!Number.isFinite(count)) throw new Error('no INCR result');
        return { count, resetAt: start + RATE_WINDOW_MS };
      } catch {
        return fallback.hit(key, now);
      }
    },
  };
}
