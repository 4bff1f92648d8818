import { BlockList, isIP } from 'node:net';
import { setResponseHeader, type H3Event } from 'h3';
import { readRequestHeader } from './request-header';
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

/** Whether an address is one of the configured proxies (TRUST_PROXY). */
export type ProxyTrust = (address: string) => boolean;

/** IPv4 peers of a dual-stack socket arrive as `::ffff:a.b.c.d`. */
function unmapAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The proxy trust of a list of addresses and CIDR blocks (already validated by the env schema). */
export function createProxyTrust(entries: readonly string[]): ProxyTrust {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (raw) => {
    const address = unmapAddress(raw);
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * The client identity of docs/http.md#rate-limits. `X-Forwarded-For` is anyone's to write, so it counts
 * only when the socket peer is a trusted proxy; then the nearest hop that is not itself a
 * trusted proxy is the client (walking from the right: entries on the left came from the
 * client and can be forged). Without trusted proxies the socket peer is the client.
 */
export function getClientKey(event: H3Event, trustsProxy: ProxyTrust = () => false): string {
  const peer = unmapAddress(event.node.req.socket.remoteAddress ?? '') || 'unknown';
  if (!trustsProxy(peer)) return peer;
  const hops = (readRequestHeader(event, 'x-forwarded-for') ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) if (!trustsProxy(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}

/**
 * Counts the request against `{client}:{METHOD}:{path}`, sets the rate-limit headers and
 * throws ERR_RATE_LIMITED when over the limit. SSE routes call it too; their headers are
 * simply not sent once the stream opens. Synchronous when the limiter answers synchronously
 * (a hit counted in this process), so such a request waits for nothing.
 */
export function enforceRateLimit(event: H3Event, limiter: RateLimiter, limit: number, trustsProxy?: ProxyTrust): Promise<void> | void {
  const path = (event.path.split('?')[0] ?? '/') || '/';
  const key = `${getClientKey(event, trustsProxy)}:${event.method}:${path}`;
  const window = limiter.hit(key, Date.now());
  if (window instanceof Promise) return window.then((answered) => applyRateWindow(event, answered, limit));
  applyRateWindow(event, window, limit);
}

function applyRateWindow(event: H3Event, window: RateWindow, limit: number): void {
  const resetEpochSeconds = Math.ceil(window.resetAt / 1000);
  setResponseHeader(event, 'x-ratelimit-limit', String(limit));
  setResponseHeader(event, 'x-ratelimit-remaining', String(Math.max(0, limit - window.count)));
  setResponseHeader(event, 'x-ratelimit-reset', String(resetEpochSeconds));
  if (window.count > limit) {
    throw new CafeError('ERR_RATE_LIMITED', undefined, { limit, resetEpochSeconds });
  }
}
