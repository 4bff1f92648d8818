import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEventHandler } from 'h3';
import { RATE_WINDOW_MS, createMemoryRateLimiter, createProxyTrust, enforceRateLimit, sendData, sendError, type ProxyTrust } from '../src/index';
import { createTestApp, serveApp, type ServedApp, readEnvelope } from './helpers/serve';

const LIMIT = 3;
const limiter = createMemoryRateLimiter();
let served: ServedApp;
let clientSeq = 0;
/** The test client connects over loopback, standing in for a trusted proxy unless a test says otherwise. */
const LOOPBACK_PROXY = createProxyTrust(['127.0.0.1', '::1']);
let trust: ProxyTrust = LOOPBACK_PROXY;

beforeAll(async () => {
  const app = createTestApp();
  app.use(
    defineEventHandler(async (event) => {
      try {
        await enforceRateLimit(event, limiter, LIMIT, trust);
        return sendData(event, { path: event.path });
      } catch (error) {
        return sendError(event, error);
      }
    }),
  );
  served = await serveApp(app);
});

afterAll(async () => {
  limiter.close();
  await served.close();
});

/** A client identity of its own, so tests never share a window. */
const newClient = () => `10.0.0.${++clientSeq}`;

/** Windows are aligned to the minute: do not start a sequence right before one ends. */
async function awayFromWindowEdge(): Promise<void> {
  const left = RATE_WINDOW_MS - (Date.now() % RATE_WINDOW_MS);
  if (left < 2000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const hit = (path: string, forwardedFor: string, method = 'GET') =>
  fetch(`${served.baseUrl}${path}`, { method, headers: { 'x-forwarded-for': forwardedFor } });

describe('memory rate limiter', () => {
  it('counts per key in fixed 60-second windows', () => {
    const local = createMemoryRateLimiter();
    const windowStart = 1_700_000_040_000; // a multiple of 60 000
    const t0 = windowStart + 40_000;
    expect(local.hit('k', t0)).toEqual({ count: 1, resetAt: windowStart + 60_000 });
    expect(local.hit('k', t0 + 1000)).toMatchObject({ count: 2 });
    expect(local.hit('other', t0)).toMatchObject({ count: 1 });
    expect(local.hit('k', windowStart + 60_000)).toEqual({ count: 1, resetAt: windowStart + 120_000 });
    local.close();
  });
});

describe('enforceRateLimit', () => {
  it('sets limit, remaining and reset (epoch seconds) on every response', async () => {
    await awayFromWindowEdge();
    const client = newClient();
    const before = Math.floor(Date.now() / 1000);
    const res = await hit('/a', client);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
    expect(res.headers.get('x-ratelimit-remaining')).toBe(String(LIMIT - 1));
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(before);
    expect(reset).toBeLessThanOrEqual(before + 61);
  });

  it('answers 429 ERR_RATE_LIMITED with { limit, resetEpochSeconds } over the limit, counting rejected requests', async () => {
    await awayFromWindowEdge();
    const client = newClient();
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i += 1) remaining.push((await hit('/b', client)).headers.get('x-ratelimit-remaining')!);
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await hit('/b', client);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const body = await readEnvelope(limited);
    expect(body.error.code).toBe('ERR_RATE_LIMITED');
    expect(body.error.details).toEqual({ limit: LIMIT, resetEpochSeconds: Number(limited.headers.get('x-ratelimit-reset')) });
    expect((await hit('/b', client)).status).toBe(429);
  });

  it('behind a trusted proxy, keys on the nearest x-forwarded-for hop that is not a trusted proxy', async () => {
    await awayFromWindowEdge();
    const client = newClient();
    // Entries on the left are the client's own to write: forging them changes nothing.
    for (let i = 0; i < LIMIT; i += 1) await hit('/c', `192.168.0.${i}, ${client}`);
    expect((await hit('/c', ` forged ,${client} `)).status).toBe(429);
    // Trusted proxies on the right are skipped.
    expect((await hit('/c', `${client}, 127.0.0.1`)).status).toBe(429);
    expect((await hit('/c', `${client}, ${newClient()}`)).status).toBe(200);
  });

  it('ignores x-forwarded-for from a peer that is not a trusted proxy (TRUST_PROXY unset)', async () => {
    await awayFromWindowEdge();
    trust = createProxyTrust([]);
    try {
      for (let i = 0; i < LIMIT; i += 1) expect((await hit('/untrusted', newClient())).status).toBe(200);
      // Every request came from the same socket peer: a fresh header does not buy a fresh window.
      expect((await hit('/untrusted', newClient())).status).toBe(429);
    } finally {
      trust = LOOPBACK_PROXY;
    }
  });

  it('matches proxies by address or CIDR block, IPv4-mapped peers included', () => {
    const trusts = createProxyTrust(['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);
    expect(['10.1.2.3', '::ffff:10.9.9.9', '192.0.2.7', 'fd00::1'].map(trusts)).toEqual([true, true, true, true]);
    expect(['11.0.0.1', '192.0.2.8', '::1', 'not-an-ip', ''].map(trusts)).toEqual([false, false, false, false, false]);
  });

  it('keys on method and path, ignoring the query string', async () => {
    await awayFromWindowEdge();
    const client = newClient();
    for (let i = 0; i < LIMIT; i += 1) await hit(`/d?page=${i}`, client);
    expect((await hit('/d?page=9', client)).status).toBe(429);
    expect((await hit('/d', client, 'POST')).status).toBe(200);
    expect((await hit('/e', client)).status).toBe(200);
  });
});
