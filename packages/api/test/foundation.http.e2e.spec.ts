import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, fetchJson, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';

// Acceptance 5 of the foundation issue, end to end against the built API: the envelope on
// every error, auth, request ids and rate-limit headers (docs/http.md).

const TOKEN = 'tok-e2e-7f3a9c1d-never-log-me';
const LIMIT = 8;
const MAX_BODY = 1_048_576;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface ErrorBody {
  ok: false;
  error: { code: string; message: string; details: Record<string, unknown>; requestId: string };
}

let db: TestDatabase;
let api: RunningApp;
let clientSeq = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startBuiltApp('api', {
    DATABASE_URL: db.url,
    REDIS_URL: '',
    API_AUTH_TOKEN: TOKEN,
    OPERATOR_AUTH_TOKEN: 'op-e2e-2b8d41f0-never-log-me',
    API_RATE_LIMIT_PER_MIN: String(LIMIT),
    // The test's requests come over loopback, standing in for a proxy that sets x-forwarded-for;
    // the 10.x hops some tests add are the deployment's own proxies.
    TRUST_PROXY: '127.0.0.1,10.0.0.0/8',
    NODE_ENV: 'production',
  });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

/** Each test speaks as its own client (x-forwarded-for through a trusted proxy) so rate windows never mix. */
function client(): Record<string, string> {
  return { 'x-forwarded-for': `198.51.100.${++clientSeq}` };
}

function call(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetchJson<ErrorBody & { ok: boolean; data?: Record<string, unknown> }>(`${api.baseUrl}${path}`, {
    ...init,
    headers: { ...client(), ...(init.headers ?? {}) },
  });
}

const authed = { 'x-api-key': TOKEN };

/** Every error response: the envelope, JSON headers, request id in header and body, rate headers. */
function expectEnvelope(res: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.body.ok).toBe(false);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.details).toBeTypeOf('object');
  expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
  expect(res.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
  // The framework's own error body never reaches a client.
  for (const key of ['statusCode', 'statusMessage', 'url', 'stack']) expect(res.body).not.toHaveProperty(key);
}

describe('errors are the envelope', () => {
  it('unknown route → 404 ERR_UNSUPPORTED_ACTION "Route not found" with method and path', async () => {
    const res = await call('/v1/definitely-not-here?x=1', { headers: authed });
    expectEnvelope(res, 404, 'ERR_UNSUPPORTED_ACTION');
    expect(res.body.error).toMatchObject({ message: 'Route not found', details: { method: 'GET', path: '/v1/definitely-not-here' } });
  });

  it('unknown method on a known path → 404 ERR_UNSUPPORTED_ACTION', async () => {
    expectEnvelope(await call('/healthz', { method: 'DELETE', headers: authed }), 404, 'ERR_UNSUPPORTED_ACTION');
  });

  it('invalid JSON → 400 ERR_VALIDATION "Invalid JSON body" with the parser message', async () => {
    const res = await call('/v1/commands/say', { method: 'POST', body: '{"actorId": "a",', headers: { ...authed, 'content-type': 'application/json', 'idempotency-key': 'k1' } });
    expectEnvelope(res, 400, 'ERR_VALIDATION');
    expect(res.body.error.message).toBe('Invalid JSON body');
    expect(res.body.error.details.cause).toEqual(expect.any(String));
  });

  it.each([
    ['an array', '[{"actorId":"a"}]'],
    ['a string', '"say hi"'],
    ['a number', '12'],
    ['null', 'null'],
  ])('%s as the body → 400 "Request body must be a JSON object"', async (_label, raw) => {
    const res = await call('/v1/commands/say', { method: 'POST', body: raw, headers: { ...authed, 'content-type': 'application/json', 'idempotency-key': 'k2' } });
    expectEnvelope(res, 400, 'ERR_VALIDATION');
    expect(res.body.error.message).toBe('Request body must be a JSON object');
  });

  it('a 2 MB body with content-length → 413 ERR_PAYLOAD_TOO_LARGE with details.maxBytes', async () => {
    const body = JSON.stringify({ actorId: 'big', text: 'x'.repeat(2 * 1024 * 1024) });
    const res = await call('/v1/commands/say', { method: 'POST', body, headers: { ...authed, 'content-type': 'application/json', 'idempotency-key': 'k3' } });
    expectEnvelope(res, 413, 'ERR_PAYLOAD_TOO_LARGE');
    expect(res.body.error.details).toEqual({ maxBytes: MAX_BODY });
  });

  it('a 2 MB chunked body (no content-length) → 413 while streaming', async () => {
    const res = await new Promise<{ status: number; body: ErrorBody }>((resolvePromise, reject) => {
      const req = request(
        { host: '127.0.0.1', port: api.port, path: '/v1/commands/say', method: 'POST', headers: { ...client(), ...authed, 'content-type': 'application/json', 'idempotency-key': 'k4' } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, body: JSON.parse(text) as ErrorBody }));
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'y');
      let sent = 0;
      const pump = () => {
        while (sent < 2 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.write('{"actorId":"chunky","text":"');
      pump();
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE', details: { maxBytes: MAX_BODY } });
  });
});

describe('auth (API_AUTH_TOKEN set)', () => {
  it('missing token → 401 ERR_FORBIDDEN "Unauthorized" with details.auth', async () => {
    const res = await call('/v1/events?limit=1');
    expectEnvelope(res, 401, 'ERR_FORBIDDEN');
    expect(res.body.error).toMatchObject({ message: 'Unauthorized', details: { auth: { header: 'x-api-key', query: 'apiKey' } } });
  });

  it('wrong token → 401, and auth runs before routing (an unknown route is 401 too)', async () => {
    expectEnvelope(await call('/v1/events?limit=1', { headers: { 'x-api-key': `${TOKEN}x` } }), 401, 'ERR_FORBIDDEN');
    expectEnvelope(await call('/v1/nope'), 401, 'ERR_FORBIDDEN');
  });

  it('accepts the token from x-api-key, Authorization: Bearer and ?apiKey=', async () => {
    expect((await call('/v1/events?limit=1', { headers: { 'x-api-key': TOKEN } })).status).toBe(200);
    expect((await call('/v1/events?limit=1', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await call(`/v1/events?limit=1&apiKey=${TOKEN}`)).status).toBe(200);
  });

  it('takes the first source presented: a wrong x-api-key is not rescued by a right bearer', async () => {
    const res = await call(`/v1/events?limit=1&apiKey=${TOKEN}`, { headers: { 'x-api-key': 'wrong', authorization: `Bearer ${TOKEN}` } });
    expectEnvelope(res, 401, 'ERR_FORBIDDEN');
  });

  it('exempts GET /healthz only', async () => {
    const health = await call('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, service: 'agentcafe-api' });
    expectEnvelope(await call('/healthz', { method: 'POST' }), 401, 'ERR_FORBIDDEN');
  });

  it('never writes the token to the logs', async () => {
    await call(`/v1/events?limit=1&apiKey=${TOKEN}`);
    await call('/v1/events?limit=1', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(api.output()).not.toContain(TOKEN);
    expect(api.output()).not.toContain(TOKEN.slice(0, 12));
  });
});

describe('request ids', () => {
  it('reuses a non-blank x-request-id (trimmed) on success and error responses', async () => {
    const ok = await call('/healthz', { headers: { 'x-request-id': '  trace-me-1  ' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-me-1');
    const failed = await call('/v1/nope', { headers: { ...authed, 'x-request-id': 'trace-me-2' } });
    expect(failed.headers.get('x-request-id')).toBe('trace-me-2');
    expect(failed.body.error.requestId).toBe('trace-me-2');
  });

  it('mints a UUID v4 when none is given', async () => {
    const res = await call('/healthz');
    expect(res.headers.get('x-request-id')).toMatch(UUID);
  });

  it('logs one JSON line per request with request id, correlation id, route, status and duration', async () => {
    await call('/healthz', { headers: { 'x-request-id': 'log-line-check' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const line = api
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((entry) => entry.requestId === 'log-line-check' && entry.message === 'request');
    expect(line).toMatchObject({ service: 'agentcafe-api', level: 'info', method: 'GET', route: '/healthz', path: '/healthz', status: 200 });
    expect(line).toHaveProperty('correlationId');
    expect(typeof line?.durationMs).toBe('number');
  });
});

describe('rate limits', () => {
  it('sends limit/remaining/reset on every response and 429 ERR_RATE_LIMITED with { limit, resetEpochSeconds } past the limit', async () => {
    // Windows are aligned to the minute; do not start right before one ends.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 3000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const me = { 'x-forwarded-for': '203.0.113.77, 10.0.0.1' };
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i += 1) {
      const res = await fetchJson(`${api.baseUrl}/healthz`, { headers: me });
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('x-ratelimit-remaining')!);
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    }
    expect(remaining).toEqual(Array.from({ length: LIMIT }, (_, i) => String(LIMIT - 1 - i)));
    const limited = await fetchJson<ErrorBody>(`${api.baseUrl}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.77, 10.9.9.9' } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('ERR_RATE_LIMITED');
    expect(limited.body.error.details).toEqual({ limit: LIMIT, resetEpochSeconds: Number(limited.headers.get('x-ratelimit-reset')) });
    expect(limited.headers.get('retry-after')).toBeNull();
  });
});

describe('after all of the above', () => {
  it('the API is still healthy', async () => {
    const res = await call('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, status: 'healthy' });
    expect(api.process.exitCode).toBeNull();
  });
});
