import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestServerUrl, startBuiltApp, type RunningApp } from '@cafe/testkit';

// The registry pointed at a database that does not exist. Needs `npm run build -- flex`.
let app: RunningApp;

beforeAll(async () => {
  const missing = new URL(getTestServerUrl());
  missing.pathname = `/flex_missing_${Date.now().toString(36)}`;
  app = await startBuiltApp('flex-registry', { DATABASE_URL: missing.toString(), FLEX_DATABASE_URL: missing.toString(), FLEX_API_KEY: '', API_KEY: '', API_DB_REQUIRED: 'false' });
});

afterAll(async () => {
  await app?.stop();
});

describe('database failure', () => {
  it('health reports degraded; a registration is a 500 "Server Error" without data; the process stays up', async () => {
    const health = await (await fetch(`${app.baseUrl}/api/v1/health`)).json();
    expect(health).toMatchObject({ status: 'degraded', services: { database: { ok: false } } });
    expect(await (await fetch(`${app.baseUrl}/api/v1/health/db`)).json()).toMatchObject({ ok: false, driver: 'pg', error: expect.any(String) });

    const response = await fetch(`${app.baseUrl}/api/v1/flex/capabilities/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ capabilityId: 'x', version: '1', displayName: 'x', summary: 'x' }),
    });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { data?: unknown };
    expect(body).toMatchObject({ error: true, statusCode: 500, statusMessage: 'Server Error', message: 'Server Error' });
    expect(body.data).toBeUndefined();
    // Bad input is still a 400, before the database is touched.
    expect((await fetch(`${app.baseUrl}/api/v1/flex/capabilities/register`, { method: 'POST', body: '{' })).status).toBe(400);
    expect((await fetch(`${app.baseUrl}/api/v1/health`)).status).toBe(200);
    expect(app.output()).toContain('request_failed');
  });
});
