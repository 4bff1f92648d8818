import * as crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineEventHandler } from 'h3';
import { getPresentedToken, secretsEqual, sendData } from '../src/index';
import { createTestApp, serveApp, type ServedApp, readEnvelope } from './helpers/serve';

// Wrap the real timingSafeEqual so the test can see that comparisons go through it.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

let served: ServedApp;

beforeAll(async () => {
  const app = createTestApp();
  app.use(
    '/token',
    defineEventHandler((event) => sendData(event, { token: getPresentedToken(event, 'apiKey') ?? null })),
  );
  app.use(
    '/custom',
    defineEventHandler((event) => sendData(event, { token: getPresentedToken(event, 'key') ?? null })),
  );
  served = await serveApp(app);
});

afterAll(() => served.close());

async function presented(path: string, headers: Record<string, string> = {}): Promise<string | null> {
  const res = await fetch(`${served.baseUrl}${path}`, { headers });
  return (await readEnvelope(res)).data.token as string | null;
}

describe('getPresentedToken', () => {
  it('reads x-api-key (trimmed)', async () => {
    expect(await presented('/token', { 'x-api-key': '  k-header ' })).toBe('k-header');
  });

  it('reads Authorization: Bearer with any scheme case', async () => {
    expect(await presented('/token', { authorization: 'Bearer k-bearer' })).toBe('k-bearer');
    expect(await presented('/token', { authorization: 'bEaReR   k-bearer2 ' })).toBe('k-bearer2');
  });

  it('ignores other authorization schemes', async () => {
    expect(await presented('/token', { authorization: 'Basic dTpw' })).toBeNull();
  });

  it('reads the configured query parameter', async () => {
    expect(await presented('/token?apiKey=k-query')).toBe('k-query');
    expect(await presented('/custom?key=k-custom&apiKey=other')).toBe('k-custom');
  });

  it('takes the first non-empty source: header, then bearer, then query', async () => {
    expect(await presented('/token?apiKey=q', { 'x-api-key': 'h', authorization: 'Bearer b' })).toBe('h');
    expect(await presented('/token?apiKey=q', { authorization: 'Bearer b' })).toBe('b');
    expect(await presented('/token?apiKey=q', { 'x-api-key': '   ', authorization: 'Bearer  ' })).toBe('q');
  });

  it('returns undefined when nothing is presented', async () => {
    expect(await presented('/token')).toBeNull();
    expect(await presented('/token?apiKey=%20')).toBeNull();
  });
});

describe('secretsEqual', () => {
  it('is true only for identical secrets', () => {
    expect(secretsEqual('s3cret', 's3cret')).toBe(true);
    expect(secretsEqual('s3cret', 's3creT')).toBe(false);
    expect(secretsEqual('', 's3cret')).toBe(false);
  });

  it('handles different lengths without throwing (timingSafeEqual alone would)', () => {
    expect(secretsEqual('a', 'a-much-longer-secret')).toBe(false);
  });

  it('compares with crypto.timingSafeEqual on equal-length digests', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    secretsEqual('short', 'considerably longer');
    expect(spy).toHaveBeenCalledTimes(1);
    const [a, b] = spy.mock.calls[0]!;
    expect((a as Buffer).length).toBe((b as Buffer).length);
  });
});
