import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';

// The API answers browsers only from the allow-list (the operator console's origin), before
// auth so a page can read a 401; every other origin sees the API as the contract has it.

const CONSOLE_ORIGIN = 'http://console.example:3851';
const TOKEN = 'cors-e2e-token';

let db: TestDatabase;
let app: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_AUTH_TOKEN: TOKEN, API_CORS_ALLOW_ORIGINS: CONSOLE_ORIGIN });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const preflight = (origin: string) =>
  fetch(`${app.baseUrl}/v1/operator/overrides`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key,idempotency-key' },
  });

describe('API CORS for the operator console', () => {
  it('answers the allowed origin’s preflight with 204 and the headers the console sends, without a token', async () => {
    const response = await preflight(CONSOLE_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
    expect(response.headers.get('access-control-allow-headers')).toContain('x-api-key');
    expect(response.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('lets the allowed origin read a 401 and a success', async () => {
    const refused = await fetch(`${app.baseUrl}/v1/rooms`, { headers: { origin: CONSOLE_ORIGIN } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
    const listed = await fetch(`${app.baseUrl}/v1/rooms`, { headers: { origin: CONSOLE_ORIGIN, 'x-api-key': TOKEN } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
    expect(listed.headers.get('vary')).toContain('Origin');
  });

  it('gives any other origin no CORS headers and the contract’s OPTIONS answer', async () => {
    const response = await preflight('https://elsewhere.example');
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${app.baseUrl}/v1/rooms`, { headers: { origin: 'https://elsewhere.example', 'x-api-key': TOKEN } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});
