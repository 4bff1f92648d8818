import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, waitFor, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient, type ApiResponse } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';

// Issue 14, "Bad input" and the request-edge items, one case each, against the built API on
// real Postgres: every one of these answered 500 (or not at all) before, and wrote nothing
// it should not. The fuzz suite (fuzz-routes.e2e) covers the same ground at random.

let db: TestDatabase;
let app: RunningApp;
let api: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', ...RELAXED_MODERATION_ENV });
  api = createApiClient(app.baseUrl);
  // The start-up lobby seed appends an event of its own: let it land before counting.
  await waitFor(async () => ((await db.sql`select 1 from rooms limit 1`).length > 0 ? true : undefined), 15_000, 'the lobby seed');
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const eventCount = async () => Number((await db.sql`select count(*)::int as n from events`)[0]!.n);

function expectError(res: ApiResponse, status: number, code: string, details: Record<string, unknown> = {}) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(res.body.error).toMatchObject({ code, details });
}

/** POSTs a raw body and asserts that nothing was appended. */
async function postRaw(path: string, rawBody: string): Promise<ApiResponse> {
  const before = await eventCount();
  const res = await api.request('POST', path, { rawBody });
  expect(await eventCount()).toBe(before);
  return res;
}

describe('NUL bytes and unpaired surrogates', () => {
  it('in a body string or key → 400 ERR_VALIDATION naming the field, nothing written', async () => {
    expectError(await postRaw('/v1/commands/say', '{"actorId":"a\\u0000b","text":"hi"}'), 400, 'ERR_VALIDATION', { field: 'actorId' });
    expectError(await postRaw('/v1/presence/heartbeat', '{"actorId":"ada","metadata":{"k\\u0000":1}}'), 400, 'ERR_VALIDATION', { field: 'metadata.<key>' });
    expectError(await postRaw('/v1/rooms', '{"roomId":"r","actorId":"\\ud800"}'), 400, 'ERR_VALIDATION', { field: 'actorId' });
    expectError(await postRaw('/v1/snapshots/room', '{"state":{"list":["ok","x\\udc00"]}}'), 400, 'ERR_VALIDATION', { field: 'state.list.1' });
  });

  it('in a query value → 400 ERR_VALIDATION naming the parameter', async () => {
    expectError(await api.get('/v1/events?roomId=a%00b'), 400, 'ERR_VALIDATION', { field: 'roomId' });
    expectError(await api.get('/v1/presence?actorId=%00'), 400, 'ERR_VALIDATION', { field: 'actorId' });
  });

  it('in a path id → 404 ERR_NOT_FOUND (an id that cannot exist)', async () => {
    expectError(await api.get('/v1/profiles/a%00b'), 404, 'ERR_NOT_FOUND');
    expectError(await api.get('/v1/traces/%00'), 404, 'ERR_NOT_FOUND');
    expectError(await api.request('DELETE', '/v1/profiles/a%00b'), 404, 'ERR_NOT_FOUND');
  });
});

describe('malformed encodings and deep nesting', () => {
  it('a bad percent-escape in a path id is an id that matches nothing → its usual 4xx', async () => {
    for (const id of ['%', '%zz', '%E0%A4%A', '%ED%A0%80']) {
      // Inbox ids must be UUIDs (catalogue: non-UUID inbox ids → ERR_VALIDATION).
      expectError(await api.post(`/v1/inbox/${id}/ack`, { actorId: 'ada' }), 400, 'ERR_VALIDATION', { field: 'inboxId' });
      expectError(await api.get(`/v1/rooms/${id}`), 404, 'ERR_NOT_FOUND');
    }
  });

  it('deeply nested JSON → 400 ERR_VALIDATION with the depth limit, not a stack overflow', async () => {
    const deep = `{"actorId":"ada","text":"hi","metadata":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    expectError(await postRaw('/v1/commands/say', deep), 400, 'ERR_VALIDATION', { maxDepth: 64 });
    expectError(await postRaw('/v1/profiles', `{"actorId":"ada","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`), 400, 'ERR_VALIDATION', { maxDepth: 64 });
  });
});

describe('out-of-range numbers and dates', () => {
  it('timestamps outside years 0001-9999 → 400 ERR_VALIDATION', async () => {
    for (const value of ['%2B275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '99999-01-01']) {
      expectError(await api.get(`/v1/timeline?fromTs=${value}`), 400, 'ERR_VALIDATION', { field: 'fromTs' });
    }
  });

  it('a client time out of range falls back to the event time instead of failing', async () => {
    const res = await api.post('/v1/commands/enter', { actorId: 'time-traveller', enteredAt: '+275760-09-13T00:00:00.000Z' });
    expect(res.status, res.text).toBe(202);
  });

  it('a huge ttlSeconds → 400 ERR_OUT_OF_BOUNDS, nothing written', async () => {
    const before = await eventCount();
    expectError(await api.post('/v1/snapshots/room', { ttlSeconds: 1e15 }), 400, 'ERR_OUT_OF_BOUNDS', { field: 'ttlSeconds' });
    expect(await eventCount()).toBe(before);
  });

  it('a snapshot version too big for its column names no snapshot → 404', async () => {
    expectError(await api.get('/v1/snapshots/room?version=99999999999'), 404, 'ERR_NOT_FOUND');
  });

  it('fractional, huge and negative upToCursor values are cursor bounds, not database errors', async () => {
    for (const upToCursor of [1.5, 1e308, -1e308]) {
      const res = await api.post('/v1/inbox/ack', { actorId: 'ada', upToCursor });
      expect(res.status, res.text).toBe(200);
    }
    expectError(await api.post('/v1/inbox/ack', { actorId: 'ada', upToCursor: 'abc' }), 400, 'ERR_VALIDATION', { fields: ['ids', 'upToCursor'] });
  });
});

describe('correlation ids that cannot be headers', () => {
  it.each([['😀'], ['a\u0007b'], ['caf\u00e9']])('%j is refused at validation with 400 and nothing is committed', async (correlationId) => {
    const before = await eventCount();
    const res = await api.post('/v1/commands/say', { actorId: 'ada', text: 'hi', correlationId });
    expectError(res, 400, 'ERR_VALIDATION', { field: 'correlationId' });
    expect(await eventCount()).toBe(before);
  });

  it('a failing request with such an id is still answered (the error handler cannot throw)', async () => {
    const res = await api.post('/v1/commands/say', { text: 'no actor', correlationId: '😀' });
    expect(res.status).toBe(400);
    expect(res.body.ok).toBe(false);
  });

  it('printable ASCII with inner spaces is accepted and echoed', async () => {
    const res = await api.post('/v1/commands/say', { actorId: 'ada', text: 'hi', correlationId: ' corr: a/b 1 ' });
    expect(res.status, res.text).toBe(202);
    expect(res.headers.get('x-correlation-id')).toBe('corr: a/b 1');
  });

  it('causation ids follow the same rule', async () => {
    expectError(await api.post('/v1/commands/say', { actorId: 'ada', text: 'hi', causationId: 'x\u0001' }), 400, 'ERR_VALIDATION', { field: 'causationId' });
  });
});

describe('event payload size', () => {
  it('an event payload over API_MAX_EVENT_PAYLOAD_BYTES → 413 ERR_PAYLOAD_TOO_LARGE, nothing written', async () => {
    const before = await eventCount();
    const res = await api.post('/v1/commands/say', { actorId: 'hoarder', text: 'hi', metadata: { blob: 'x'.repeat(70_000) } });
    expectError(res, 413, 'ERR_PAYLOAD_TOO_LARGE', { maxBytes: 65536, eventType: 'conversation_message_posted' });
    expect(await eventCount()).toBe(before);
    expect((await api.post('/v1/commands/say', { actorId: 'hoarder', text: 'hi', metadata: { blob: 'x'.repeat(1000) } })).status).toBe(202);
  });
});

describe('production start-up', () => {
  it('refuses to start without API_AUTH_TOKEN and OPERATOR_AUTH_TOKEN, with one line', async () => {
    const failure = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', NODE_ENV: 'production', API_AUTH_TOKEN: '', OPERATOR_AUTH_TOKEN: '', AGENTCAFE_RUNTIME_API_KEY: '' }).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(failure).toContain('exited with 1 before listening');
    expect(failure).toContain('Invalid environment: API_AUTH_TOKEN (or AGENTCAFE_RUNTIME_API_KEY) and OPERATOR_AUTH_TOKEN are required when NODE_ENV=production');
  });
});
