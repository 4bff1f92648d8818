import type { Redis } from 'ioredis';
import { RATE_WINDOW_MS, type RateLimiter } from '@cafe/http';

/**
 * A fixed-window limiter shared by every API instance (docs/http.md#rate-limits windows, counted in Redis).
 * One round trip per request: INCR and PEXPIRE in a MULTI. While Redis is unavailable the
 * request is counted by the process-local fallback instead of being rejected or delayed.
 */
export function createRedisRateLimiter(redis: Redis, fallback: RateLimiter, prefix = 'cafe:ratelimit'): RateLimiter {
  return {
    async hit(key, now) {
      const start = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS;
      const redisKey = `${prefix}:${start}:${key}`;
      // While Redis is (re)connecting, count locally rather than queue or delay the request.
      if (redis.status !== 'ready') return fallback.hit(key, now);
      try {
        const results = await redis.multi().incr(redisKey).pexpire(redisKey, RATE_WINDOW_MS + 1000).exec();
        const count = Number(results?.[0]?.[1]);
        if (!Number.isFinite(count)) throw new Error('no INCR result');
        return { count, resetAt: start + RATE_WINDOW_MS };
      } catch {
        return fallback.hit(key, now);
      }
    },
  };
}
