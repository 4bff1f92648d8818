import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { CapabilityListResponseSchema, CapabilityRegistrationResponseSchema, CapabilityResponseSchema } from '@cafe/shared';

// Needs the built app: `npm run build -- flex`.
const KEY = 'e2e-secret-key';
const AUTH = { authorization: `Bearer ${KEY}` };
let db: TestDatabase;
let app: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('flex-registry', { DATABASE_URL: db.url, FLEX_DATABASE_URL: db.url, FLEX_API_KEY: KEY, NODE_ENV: 'development', CORS_ALLOW_ORIGINS: '' });
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const url = (path: string) => `${app.baseUrl}${path}`;
const register = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url('/api/v1/flex/capabilities/register'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const capability = (capabilityId: string, extra: Record<string, unknown> = {}) => ({ capabilityId, version: '1', displayName: capabilityId, summary: 'e2e', ...extra });

async function expectNitroError(response: Response, statusCode: number, statusMessage: string) {
  expect(response.status).toBe(statusCode);
  expect(response.statusText).toBe(statusMessage);
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ error: true, statusCode, statusMessage, message: statusMessage });
  expect(String(body.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  return body;
}

describe('POST /api/v1/flex/capabilities/register', () => {
  it('200 with the record and the active registry', async () => {
    const response = await register(capability('e2e.writer', { defaultContract: { schema: { type: 'object' } }, status: 'inactive' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = CapabilityRegistrationResponseSchema.parse(await response.json());
    expect(body.record).toMatchObject({ capabilityId: 'e2e.writer', status: 'active', defaultContract: { mode: 'json_schema', schema: { type: 'object' } } });
    expect(body.registry.count).toBe(body.registry.active!.length);
    expect(body.registry.active!.map((r) => r.capabilityId)).toContain('e2e.writer');
  });

  it('Prefer: return=minimal answers the count without the list', async () => {
    const response = await register(capability('e2e.minimal'), { prefer: 'return=minimal' });
    const body = CapabilityRegistrationResponseSchema.parse(await response.json());
    expect(body.registry.active).toBeUndefined();
    expect(body.registry.count).toBeGreaterThanOrEqual(2);
  });

  it('400 with the flattened validation error; nothing written', async () => {
    const before = await db.sql`select (select count(*) from flex_capabilities)::int as rows, (select count(*) from events)::int as events`;
    const body = await expectNitroError(await register({ displayName: 'x', heartbeat: { intervalSeconds: 0 } }), 400, 'Invalid capability registration payload');
    expect(body.data).toMatchObject({ formErrors: [], fieldErrors: { capabilityId: expect.any(Array), version: expect.any(Array), summary: expect.any(Array), heartbeat: expect.any(Array) } });

    const malformed = await expectNitroError(await register('{"capabilityId": "x",'), 400, 'Invalid capability registration payload');
    expect((malformed.data as { formErrors: string[] }).formErrors[0]).toMatch(/^Invalid JSON body/);

    for (const raw of ['[]', 'null', '"text"', '']) {
      const other = await expectNitroError(await register(raw), 400, 'Invalid capability registration payload');
      expect((other.data as { formErrors: string[] }).formErrors.length).toBeGreaterThan(0);
    }
    const nul = await expectNitroError(await register(capability('nul\u0000id')), 400, 'Invalid capability registration payload');
    expect(Object.keys((nul.data as { fieldErrors: object }).fieldErrors)).toEqual(['capabilityId', 'displayName']);

    await expectNitroError(await register(capability('big', { metadata: { blob: 'x'.repeat(1_100_000) } })), 413, 'Request body too large');
    const after = await db.sql`select (select count(*) from flex_capabilities)::int as rows, (select count(*) from events)::int as events`;
    expect(after).toEqual(before);
  });

  it('405 for another method', async () => {
    const response = await fetch(url('/api/v1/flex/capabilities/register'), { method: 'PUT', headers: AUTH });
    expect(response.status).toBe(405);
  });
});

describe('read API and heartbeat', () => {
  it('lists by status and criteria, gets one by id, 404s unknown ids', async () => {
    await register(capability('e2e.fr', { inputTraits: { languages: ['fr'] } }));
    await register(capability('odd/id with space', { inputTraits: { languages: ['FR'] } }));
    const list = CapabilityListResponseSchema.parse(await (await fetch(url('/api/v1/flex/capabilities?language=fr'), { headers: AUTH })).json());
    expect(list.capabilities.map((r) => r.capabilityId)).toEqual(['e2e.fr', 'odd/id with space']);
    expect(list.count).toBe(2);

    const all = CapabilityListResponseSchema.parse(await (await fetch(url('/api/v1/flex/capabilities?status=all'), { headers: AUTH })).json());
    expect(all.count).toBeGreaterThanOrEqual(4);
    const inactive = CapabilityListResponseSchema.parse(await (await fetch(url('/api/v1/flex/capabilities?status=inactive'), { headers: AUTH })).json());
    expect(inactive.capabilities).toEqual([]);

    const one = await fetch(url(`/api/v1/flex/capabilities/${encodeURIComponent('odd/id with space')}`), { headers: AUTH });
    expect(CapabilityResponseSchema.parse(await one.json()).record.capabilityId).toBe('odd/id with space');

    await expectNitroError(await fetch(url('/api/v1/flex/capabilities/nope'), { headers: AUTH }), 404, 'Capability not found');
    const badQuery = await expectNitroError(await fetch(url('/api/v1/flex/capabilities?status=gone'), { headers: AUTH }), 400, 'Invalid capability query');
    expect(badQuery.data).toMatchObject({ fieldErrors: { status: expect.any(Array) } });
  });

  it('heartbeat: 204 with no body, lastSeenAt moves; 404 for unknown ids', async () => {
    const before = CapabilityResponseSchema.parse(await (await fetch(url('/api/v1/flex/capabilities/e2e.fr'), { headers: AUTH })).json()).record;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const beat = await fetch(url('/api/v1/flex/capabilities/e2e.fr/heartbeat'), { method: 'POST', headers: AUTH });
    expect(beat.status).toBe(204);
    expect(await beat.text()).toBe('');
    const after = CapabilityResponseSchema.parse(await (await fetch(url('/api/v1/flex/capabilities/e2e.fr'), { headers: AUTH })).json()).record;
    expect(Date.parse(after.lastSeenAt)).toBeGreaterThan(Date.parse(before.lastSeenAt));
    expect(after.registeredAt).toBe(before.registeredAt);
    await expectNitroError(await fetch(url('/api/v1/flex/capabilities/ghost/heartbeat'), { method: 'POST', headers: AUTH }), 404, 'Capability not found');
    // Ids that cannot exist (NUL, over-long) are unknown too, never a database error.
    await expectNitroError(await fetch(url('/api/v1/flex/capabilities/a%00b/heartbeat'), { method: 'POST', headers: AUTH }), 404, 'Capability not found');
    await expectNitroError(await fetch(url(`/api/v1/flex/capabilities/${'x'.repeat(300)}/heartbeat`), { method: 'POST', headers: AUTH }), 404, 'Capability not found');
    await expectNitroError(await fetch(url('/api/v1/flex/capabilities/a%00b'), { headers: AUTH }), 404, 'Capability not found');
  });
});

describe('auth, CORS, logging, health', () => {
  it('401 without a Bearer token, 403 with a wrong one', async () => {
    const missing = await expectNitroError(await register(capability('x'), { authorization: '' }), 401, 'Missing bearer token');
    expect(missing.data).toBeUndefined();
    await expectNitroError(await register(capability('x'), { authorization: `bearer ${KEY}` }), 401, 'Missing bearer token');
    await expectNitroError(await register(capability('x'), { authorization: 'Bearer wrong' }), 403, 'Invalid API key');
    await expectNitroError(await fetch(url('/api/v1/health/db')), 401, 'Missing bearer token');
  });

  it('GET /api/v1/health needs no key; /health redirects to it; db and openai probes answer', async () => {
    const health = await fetch(url('/api/v1/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy', services: { database: { ok: true }, openai: { configured: false } }, env: { nodeEnv: 'development' } });
    const redirect = await fetch(url('/health'), { redirect: 'manual' });
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe('/api/v1/health');
    expect(await (await fetch(url('/api/v1/health/db'), { headers: AUTH })).json()).toMatchObject({ ok: true, driver: 'pg' });
    expect(await (await fetch(url('/api/v1/health/openai'), { headers: AUTH })).json()).toEqual({ ok: false, configured: false, error: 'FLEX_OPENAI_API_KEY not set' });
  });

  it('CORS runs before auth: preflight 204, and a 401 is readable by an allowed origin', async () => {
    const origin = 'http://localhost:5173';
    const preflight = await fetch(url('/api/v1/flex/capabilities/register'), { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type,authorization,x-correlation-id');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    const denied = await register(capability('x'), { authorization: '', origin });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(origin);
    const stranger = await register(capability('x'), { authorization: '', origin: 'https://evil.example' });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('echoes x-correlation-id (else x-request-id, else a new UUID) and logs both request events', async () => {
    const echoed = await fetch(url('/api/v1/health'), { headers: { 'x-correlation-id': 'corr-123' } });
    expect(echoed.headers.get('x-correlation-id')).toBe('corr-123');
    expect((await fetch(url('/api/v1/health'), { headers: { 'x-request-id': 'req-9' } })).headers.get('x-correlation-id')).toBe('req-9');
    expect((await fetch(url('/api/v1/health'))).headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = app.output().split('\n').filter((line) => line.includes('corr-123'));
    expect(lines.some((line) => line.includes('request_received'))).toBe(true);
    expect(lines.some((line) => line.includes('request_completed') && line.includes('"statusCode":200'))).toBe(true);
    expect(app.output()).toContain('flex_capability_registered');
  });
});
