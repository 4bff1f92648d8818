import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { CapabilityResponseSchema } from '@cafe/shared';
import { describeEvents, readStatusEvents } from './support';

// Two built registry processes on one database. Needs `npm run build -- flex`.
let db: TestDatabase;
let first: RunningApp;
let second: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  const common = { DATABASE_URL: db.url, FLEX_DATABASE_URL: db.url, FLEX_API_KEY: '', API_KEY: '' };
  [first, second] = await Promise.all([
    startBuiltApp('flex-registry', { ...common, FLEX_CAPABILITY_CACHE_TTL_MS: '5000' }),
    startBuiltApp('flex-registry', {
      ...common,
      FLEX_CAPABILITY_CACHE_TTL_MS: '0',
      FLEX_DEREGISTER_AFTER_SECONDS: '1',
      API_V1_DEPRECATION_START: '2026-01-01',
      API_V1_SUNSET: 'Wed, 01 Dec 2027 00:00:00 GMT',
      CORS_ALLOW_ORIGINS: '*',
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await db?.drop();
});

const post = (app: RunningApp, path: string, body?: unknown) =>
  fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('several registry instances', () => {
  it('one expiry → one event, on time; removal after FLEX_DEREGISTER_AFTER_SECONDS; visible from both', async () => {
    const registered = await post(first, '/api/v1/flex/capabilities/register', {
      capabilityId: 'shared.w', version: '1', displayName: 'W', summary: 's', heartbeat: { intervalSeconds: 1, timeoutSeconds: 1 },
    });
    const { record } = CapabilityResponseSchema.parse(await registered.json());
    const expiresAtMs = Date.parse(record.lastSeenAt) + 1000;

    const timeout = await waitFor(async () => (await readStatusEvents(db.sql, 'shared.w')).find((e) => e.payload.reason === 'heartbeat_timeout'), 8000);
    expect(Date.parse(timeout.payload.at) - expiresAtMs).toBeLessThan(1500);
    // The second instance (cache TTL 0) sees it inactive at once.
    const seen = await (await fetch(`${second.baseUrl}/api/v1/flex/capabilities/shared.w`)).json();
    expect(seen).toMatchObject({ record: { status: 'inactive' } });

    // Only the second instance removes (its FLEX_DEREGISTER_AFTER_SECONDS=1); both keep sweeping.
    await waitFor(async () => ((await db.sql`select 1 from flex_capabilities where capability_id = 'shared.w'`).length === 0 ? true : undefined), 8000);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(describeEvents(await readStatusEvents(db.sql, 'shared.w'))).toEqual([
      'none→active:registered',
      'active→inactive:heartbeat_timeout',
      'inactive→removed:deregistered',
    ]);
    expect((await post(second, '/api/v1/flex/capabilities/shared.w/heartbeat')).status).toBe(404);
  });

  it('deprecation headers and a wildcard CORS list follow each instance\'s env', async () => {
    const response = await fetch(`${second.baseUrl}/api/v1/health`, { headers: { origin: 'https://anywhere.example' } });
    expect(response.headers.get('deprecation')).toBe('true');
    expect(response.headers.get('link')).toBe('</docs/changelog#v1>; rel="deprecation"');
    expect(response.headers.get('sunset')).toBe('Wed, 01 Dec 2027 00:00:00 GMT');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    const plain = await fetch(`${first.baseUrl}/api/v1/health`, { headers: { origin: 'https://anywhere.example' } });
    expect(plain.headers.get('deprecation')).toBeNull();
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});
