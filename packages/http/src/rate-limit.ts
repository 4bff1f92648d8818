import { getRequestHeader, setResponseHeader, type H3Event } from 'h3';
import { CafeError } from '@cafe/shared';

export interface RateWindow {
  count: number;
  /** Epoch milliseconds at which the window ends. */
  resetAt: number;
}

/** Counts hits in fixed 60-second windows; in memory per process, or shared (Redis). */
export interface RateLimiter {
  hit(key: string, now: number): Promise<RateWindow> | RateWindow;
}

export const RATE_WINDOW_MS = 60_000;

/** A per-process fixed-window limiter; expired windows are swept lazily and every minute. */
export function createMemoryRateLimiter(): RateLimiter & { size(): number; close(): void } {
  const windows = new Map<string, RateWindow>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  }, RATE_WINDOW_MS);
  sweep.unref();
  return {
    hit(key, now) {
      const start = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS;
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: start + RATE_WINDOW_MS };
        windows.set(key, window);
      }
      window.count += 1;
      return window;
    },
    size: () => windows.size,
    close: () => clearInterval(sweep),
  };
}

/** The client identity of spec README §5 (Decision: first `x-forwarded-for` entry). */
export function getClientKey(event: H3Event): string {
  const forwarded = getRequestHeader(event, 'x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  return first || event.node.req.socket.remoteAddress || 'unknown';
}

/**
 * Counts the request against `{client}:{METHOD}:{path}`, sets the rate-limit headers and
 * throws ERR_RATE_LIMITED when over the limit. SSE routes call it too; their headers are
 * simply not sent once the stream opens.
 */
export async function enforceRateLimit(event: H3Event, limiter: RateLimiter, limit: number): Promise<void> {
  const path = (event.path.split('?')[0] ?? '/') || '/';
  const key = `${getClientKey(event)}:${event.method}:${path}`;
  const window = await limiter.hit(key, Date.now());
  const resetEpochSeconds = Math.ceil(window.resetAt / 1000);
  setResponseHeader(event, 'x-ratelimit-limit', String(limit));
  setResponseHeader(event, 'x-ratelimit-remaining', String(Math.max(0, limit - window.count)));
  setResponseHeader(event, 'x-ratelimit-reset', String(resetEpochSeconds));
  if (window.count > limit) {
    throw new CafeError('ERR_RATE_LIMITED', undefined, { limit, resetEpochSeconds });
  }
}
