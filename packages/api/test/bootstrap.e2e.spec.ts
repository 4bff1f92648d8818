import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';

/** Bootstrap, the start-up seed, rooms, profiles and traces over HTTP against the built API. */

let db: TestDatabase;
let app: RunningApp;
let api: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', ...RELAXED_MODERATION_ENV });
  api = createApiClient(app.baseUrl);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

/** Retries a read until `done` holds; the seed runs in the background after start-up. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, attempts = 100): Promise<T> {
  let value = await read();
  for (let i = 0; i < attempts && !done(value); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

const expectReadHeaders = (headers: Headers) => {
  expect(headers.get('x-request-id')).toBeTruthy();
  expect(headers.get('x-ratelimit-limit')).toBe('100000');
  expect(headers.get('x-ratelimit-remaining')).toBeTruthy();
  expect(headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
  expect(headers.get('x-correlation-id')).toBeNull();
};

describe('start-up seed and bootstrap', () => {
  it('seeds the default lobby at start-up with one room_created by system', async () => {
    const res = await eventually(() => api.get('/v1/rooms/main'), (r) => r.status === 200);
    expect(res.body.data.room).toMatchObject({ tenantId: 'default', roomId: 'main', roomType: 'lobby', displayName: 'Main Cafe Lobby', ownerActorId: null });
    expectReadHeaders(res.headers);
    const events = await db.sql`select actor_id from events where type = 'room_created' and tenant_id = 'default' and room_id = 'main'`;
    expect(events.map((e) => e.actor_id)).toEqual(['system']);
  });

  it('serves /v1/bootstrap and its /v1/agent/bootstrap alias with the same shape', async () => {
    const res = await api.get('/v1/bootstrap?actorId=ada');
    expect(res.status).toBe(200);
    expectReadHeaders(res.headers);
    expect(res.body.data.discovery).toMatchObject({ resolvedRoomId: 'main', heartbeatPath: '/v1/presence/heartbeat' });
    expect(res.body.data.actor).toMatchObject({ actorId: 'ada', unreadCount: 0, inbox: [], suggestedThreadId: null });
    const alias = await api.get('/v1/agent/bootstrap?tenantId=other');
    expect(alias.status).toBe(200);
    // A tenant nobody created has no rooms, and reading it creates none.
    expect(alias.body.data.discovery.rooms).toEqual([]);
    expect(Number((await db.sql`select count(*)::int as n from rooms where tenant_id = 'other'`)[0]!.n)).toBe(0);
    expect(Object.keys(alias.body.data)).toEqual(Object.keys(res.body.data));
  });
});

describe('rooms over HTTP', () => {
  it('creates (201) and replaces (200) with correlation headers; replays with x-idempotent-replay', async () => {
    const created = await api.post('/v1/rooms', { roomId: 'patio', actorId: 'ada', displayName: 'Patio' }, 'room-key-1');
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe(created.body.data.correlationId);
    expect(created.body.data).toMatchObject({ created: true, payment: null, room: { roomId: 'patio', displayName: 'Patio' } });
    const replay = await api.post('/v1/rooms', { roomId: 'patio', actorId: 'ada', displayName: 'Patio' }, 'room-key-1');
    expect(replay.headers.get('x-idempotent-replay')).toBe('true');
    expect(replay.text).toBe(created.text);
    const updated = await api.post('/v1/rooms', { roomId: 'patio', actorId: 'ada', roomType: 'private_table', paymentProof: 'coffee_paid' });
    expect(updated.status).toBe(200);
    expect(updated.body.data.payment).toMatchObject({ verified: true, provider: 'stub' });
  });

  it('answers catalogue errors, never framework bodies', async () => {
    const unpaid = await api.post('/v1/rooms', { roomId: 'vip', actorId: 'ada', roomType: 'private_table' });
    expect(unpaid.status).toBe(402);
    expect(unpaid.body.error).toMatchObject({ code: 'ERR_PAYMENT_REQUIRED', requestId: unpaid.headers.get('x-request-id') });
    expect(unpaid.headers.get('x-correlation-id')).toBe(unpaid.body.error.details.correlationId);
    expect((await api.post('/v1/rooms', { actorId: 'ada' }, null)).body.error.code).toBe('ERR_MISSING_FIELD');
    expect((await api.request('POST', '/v1/rooms', { rawBody: '{"roomId":' })).body.error).toMatchObject({ code: 'ERR_VALIDATION', message: 'Invalid JSON body' });
    expect((await api.get('/v1/rooms?roomType=vip')).body.error.code).toBe('ERR_INVALID_ENUM');
    const missing = await api.get('/v1/rooms/nowhere');
    expect([missing.status, missing.body.error.code, missing.body.error.message]).toEqual([404, 'ERR_NOT_FOUND', 'Room not found']);
    expect((await api.get('/v1/rooms?roomId=patio')).body.data.room.roomId).toBe('patio');
    // Two-segment paths are not room ids: the pinned-context routes stay separate.
    const pin = await api.get('/v1/rooms/context/pin');
    expect(pin.body?.error?.message).not.toBe('Room not found');
  });
});

describe('profiles over HTTP', () => {
  it('upserts, reads by an URL-encoded id, patches with the query tenant, deletes', async () => {
    const actorId = 'agent/1 ü';
    const path = `/v1/profiles/${encodeURIComponent(actorId)}`;
    const created = await api.post('/v1/profiles', { tenantId: 'acme', actorId, displayName: 'One', theme: { textColor: '#ABCDEF' } });
    expect(created.status).toBe(201);
    expect(created.body.data.profile).toMatchObject({ actorId, theme: { textColor: '#abcdef' } });
    const read = await api.get(`${path}?tenantId=acme`);
    expect(read.status).toBe(200);
    expectReadHeaders(read.headers);
    expect(read.body.data.profile.displayName).toBe('One');
    expect((await api.get(path)).status).toBe(404);
    const listed = await api.get('/v1/profiles?tenantId=acme');
    expect(listed.body.data).toMatchObject({ count: 1, profiles: [expect.objectContaining({ actorId })] });

    const patched = await api.request('PATCH', `${path}?tenantId=acme`, { body: { bio: 'hello' } });
    expect(patched.status).toBe(200);
    expect(patched.body.data.profile).toMatchObject({ bio: 'hello', displayName: 'One' });
    const badColor = await api.request('PATCH', `${path}?tenantId=acme`, { body: { theme: { bubbleColor: 'red' } } });
    expect([badColor.status, badColor.body.error.code, badColor.body.error.details.field]).toEqual([400, 'ERR_INVALID_COLOR', 'theme.bubbleColor']);

    const deleted = await api.request('DELETE', `${path}?tenantId=acme`, { key: 'del-1' });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toMatchObject({ deleted: true, actorId });
    const retried = await api.request('DELETE', `${path}?tenantId=acme`, { key: 'del-1' });
    expect([retried.status, retried.headers.get('x-idempotent-replay')]).toEqual([200, 'true']);
    expect((await api.request('DELETE', `${path}?tenantId=acme`, { key: null })).body.error.code).toBe('ERR_NOT_FOUND');
  });

  it('rejects bad input with catalogue codes', async () => {
    expect((await api.post('/v1/profiles', { actorId: 'x', displayName: 'X', avatarUrl: 'mailto:x@y' })).body.error.code).toBe('ERR_INVALID_URL');
    expect((await api.post('/v1/profiles', { actorId: 'x', displayName: 'X' }, null)).body.error.code).toBe('ERR_IDEMPOTENCY_KEY_REQUIRED');
    expect((await api.request('PATCH', '/v1/profiles/ghost', { body: { bio: 'x' }, key: null })).status).toBe(404);
    const unsupported = await api.request('PUT', '/v1/profiles', { body: {} });
    expect([unsupported.status, unsupported.body.error.code]).toEqual([404, 'ERR_UNSUPPORTED_ACTION']);
  });
});

describe('traces over HTTP', () => {
  it('finds the trace of a mutation by its URL-decoded correlation id', async () => {
    const correlationId = 'trace: a/b';
    await api.post('/v1/profiles', { actorId: 'tracer', displayName: 'T', correlationId });
    const res = await api.get(`/v1/traces/${encodeURIComponent(correlationId)}`);
    expect(res.status).toBe(200);
    expect(res.body.data.trace).toMatchObject({ correlationId, route: '/v1/profiles', method: 'POST', status: 'success', actorId: 'tracer' });
    const missing = await api.get('/v1/traces/nope');
    expect([missing.status, missing.body.error.message, missing.body.error.details]).toEqual([404, 'Trace not found', { correlationId: 'nope' }]);
  });
});
