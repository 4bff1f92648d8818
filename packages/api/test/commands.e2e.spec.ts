import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';

let db: TestDatabase;
let app: RunningApp;
let api: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', API_MAX_CHAT_MESSAGE_CHARS: '40', ...RELAXED_MODERATION_ENV });
  api = createApiClient(app.baseUrl);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const countEvents = async () => Number((await db.sql`select count(*)::int as n from events`)[0]!.n);

describe('POST /v1/commands/*', () => {
  it('enter spawns at the centre, then at the last known position; answers 202 with the envelope', async () => {
    const first = await api.post('/v1/commands/enter', { actorId: 'cmd-enter' });
    expect(first.status).toBe(202);
    expect(first.headers.get('x-correlation-id')).toBe(first.body.data.correlationId);
    expect(first.body.data).toMatchObject({ accepted: true, action: 'enter', eventType: 'agent_entered', actorId: 'cmd-enter', roomId: 'main', tenantId: 'default' });
    expect(first.body.data.emittedEvents.map((e: { eventType: string }) => e.eventType)).toEqual(['agent_entered', 'presence_heartbeat']);
    expect(first.body.data.presence).toMatchObject({ status: 'idle', isActive: true, ttlMs: 60000 });
    const [entered] = await db.sql`select payload from events where event_id = ${first.body.data.eventId}`;
    expect(entered!.payload).toMatchObject({ source: 'agent', reason: 'manual_enter', position: { x: 9, y: 5 }, metadata: {} });

    await api.post('/v1/commands/move', { actorId: 'cmd-enter', direction: 'w', steps: 3 });
    await api.post('/v1/commands/leave', { actorId: 'cmd-enter' });
    const again = await api.post('/v1/commands/enter', { actorId: 'cmd-enter' });
    const [reentered] = await db.sql`select payload from events where event_id = ${again.body.data.eventId}`;
    expect(reentered!.payload.position).toEqual({ x: 6, y: 5 });
  });

  it('enter honours a requested position, rounded and clamped into the grid', async () => {
    const res = await api.post('/v1/commands/enter', { actorId: 'cmd-pos', payload: { position: { x: 42.4, y: -3 }, reason: 'spawn' } });
    const [row] = await db.sql`select payload from events where event_id = ${res.body.data.eventId}`;
    expect(row!.payload).toMatchObject({ position: { x: 19, y: 0 }, reason: 'spawn' });
  });

  it('move clamps at the edges and records the absolute position', async () => {
    await api.post('/v1/commands/enter', { actorId: 'cmd-move' });
    const res = await api.post('/v1/commands/move', { actorId: 'cmd-move', direction: ' n ', steps: 50, intent: 'explore' });
    expect(res.status).toBe(202);
    const [row] = await db.sql`select payload from events where event_id = ${res.body.data.eventId}`;
    expect(row!.payload).toEqual({ direction: 'N', steps: 50, intent: 'explore', position: { x: 9, y: 0 } });
    expect(res.body.data.emittedEvents.map((e: { eventType: string }) => e.eventType)).toEqual(['actor_moved', 'presence_heartbeat', 'status_changed']);
  });

  it('say posts the message, one mention event per @name and an inbox item per mention', async () => {
    const res = await api.post('/v1/commands/say', { actorId: 'cmd-say', text: '  hi @ann and @ben, @ann  ' });
    expect(res.status).toBe(202);
    const types = res.body.data.emittedEvents.map((e: { eventType: string }) => e.eventType);
    expect(types).toEqual(['conversation_message_posted', 'mention_created', 'mention_created', 'presence_heartbeat']);
    const [message] = await db.sql`select payload from events where event_id = ${res.body.data.eventId}`;
    const conversation = message!.payload.conversation;
    expect(conversation).toMatchObject({ text: 'hi @ann and @ben, @ann', mentions: ['ann', 'ben'], parentMessageId: null, contextWindow: { id: null, maxItems: 20 } });
    expect(conversation.threadId).toBe(conversation.messageId);
    expect(message!.payload.bubble).toEqual({ text: 'hi @ann and @ben, @ann', ttlMs: 7000 });
    const items = await db.sql`select actor_id, topic, source_actor_id from inbox_items where source_actor_id = 'cmd-say' order by actor_id`;
    expect(items.map((i) => [i.actor_id, i.topic])).toEqual([['ann', 'mention'], ['ben', 'mention']]);
  });

  it('conversation messages keep threads and explicit mentions', async () => {
    const res = await api.post('/v1/conversations/messages', {
      actorId: 'cmd-conv',
      text: 'reply',
      mentions: [' zed ', '', 7],
      parentMessageId: 'm-1',
      ttlMs: 99999,
    });
    expect(res.status).toBe(202);
    expect(res.body.data.action).toBe('conversation_message');
    const [message] = await db.sql`select payload from events where event_id = ${res.body.data.eventId}`;
    expect(message!.payload.conversation).toMatchObject({ threadId: 'm-1', parentMessageId: 'm-1', mentions: ['zed', '7'] });
    expect(message!.payload.bubble.ttlMs).toBe(30000);
  });

  it('order records the item and size', async () => {
    const res = await api.post('/v1/commands/order', { actorId: 'cmd-order', itemId: ' latte ' });
    const [row] = await db.sql`select payload from events where event_id = ${res.body.data.eventId}`;
    expect(row!.payload).toEqual({ itemId: 'latte', size: 'regular' });
  });

  it('leave marks presence inactive with status_changed, and answers presence null for an unknown actor', async () => {
    await api.post('/v1/commands/enter', { actorId: 'cmd-leave' });
    const res = await api.post('/v1/commands/leave', { actorId: 'cmd-leave' });
    expect(res.body.data.emittedEvents.map((e: { eventType: string }) => e.eventType)).toEqual(['agent_left', 'status_changed']);
    expect(res.body.data.presence).toMatchObject({ status: 'inactive', isActive: false });
    const stranger = await api.post('/v1/commands/leave', { actorId: 'cmd-nobody' });
    expect(stranger.status).toBe(202);
    expect(stranger.body.data.presence).toBeNull();
  });

  it.each([
    ['missing actorId', '/v1/commands/say', { text: 'x' }, 400, 'ERR_MISSING_FIELD'],
    ['blank actorId', '/v1/commands/enter', { actorId: '   ' }, 400, 'ERR_MISSING_FIELD'],
    ['non-string tenantId', '/v1/commands/enter', { actorId: 'a', tenantId: 5 }, 400, 'ERR_VALIDATION'],
    ['non-string roomId', '/v1/commands/enter', { actorId: 'a', roomId: [] }, 400, 'ERR_VALIDATION'],
    ['non-string correlationId', '/v1/commands/enter', { actorId: 'a', correlationId: 1 }, 400, 'ERR_VALIDATION'],
    ['non-object payload', '/v1/commands/enter', { actorId: 'a', payload: 'x' }, 400, 'ERR_VALIDATION'],
    ['missing direction', '/v1/commands/move', { actorId: 'a' }, 400, 'ERR_MISSING_FIELD'],
    ['bad direction', '/v1/commands/move', { actorId: 'a', direction: 'up' }, 400, 'ERR_INVALID_DIRECTION'],
    ['steps out of range', '/v1/commands/move', { actorId: 'a', direction: 'N', steps: 51 }, 400, 'ERR_OUT_OF_BOUNDS'],
    ['non-numeric steps', '/v1/commands/move', { actorId: 'a', direction: 'N', steps: 'many' }, 400, 'ERR_OUT_OF_BOUNDS'],
    ['non-string intent', '/v1/commands/move', { actorId: 'a', direction: 'N', intent: 3 }, 400, 'ERR_VALIDATION'],
    ['missing text', '/v1/commands/say', { actorId: 'a' }, 400, 'ERR_MISSING_FIELD'],
    ['text too long', '/v1/commands/say', { actorId: 'a', text: 'x'.repeat(41) }, 400, 'ERR_OUT_OF_BOUNDS'],
    ['missing itemId', '/v1/commands/order', { actorId: 'a' }, 400, 'ERR_MISSING_FIELD'],
    ['non-string size', '/v1/commands/order', { actorId: 'a', itemId: 'x', size: 2 }, 400, 'ERR_VALIDATION'],
    ['non-string causationId', '/v1/commands/order', { actorId: 'a', itemId: 'x', causationId: {} }, 400, 'ERR_VALIDATION'],
    ['unknown action', '/v1/commands/dance', { actorId: 'a' }, 404, 'ERR_UNSUPPORTED_ACTION'],
  ])('%s → %s %s and nothing written', async (_name, path, body, status, code) => {
    const before = await countEvents();
    const res = await api.post(path, body);
    expect(res.status).toBe(status);
    expect(res.body.ok).toBe(false);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
    expect(await countEvents()).toBe(before);
  });

  it('text over the limit reports max and length', async () => {
    const res = await api.post('/v1/commands/say', { actorId: 'a', text: 'y'.repeat(45) });
    expect(res.body.error.details).toMatchObject({ field: 'text', max: 40, value: 45 });
  });

  it('a missing Idempotency-Key is 400 after the pre-checks', async () => {
    const missing = await api.post('/v1/commands/say', { actorId: 'a', text: 'x' }, null);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('ERR_IDEMPOTENCY_KEY_REQUIRED');
    const precheckFirst = await api.post('/v1/commands/say', { text: 'x' }, null);
    expect(precheckFirst.body.error.code).toBe('ERR_MISSING_FIELD');
  });

  it('a failed request stores a trace with the error and returns its correlation id', async () => {
    const res = await api.post('/v1/commands/move', { actorId: 'a', direction: 'Q', correlationId: 'trace-me' });
    expect(res.body.error.details.correlationId).toBe('trace-me');
    expect(res.headers.get('x-correlation-id')).toBe('trace-me');
    const [trace] = await db.sql`select status, steps from traces where correlation_id = 'trace-me'`;
    expect(trace!.status).toBe('error');
    expect(trace!.steps.map((s: { code: string }) => s.code)).toContain('RC_VALIDATION_ERROR');
  });
});

describe('idempotency (docs/idempotency.md)', () => {
  it('a replay returns the first response byte for byte, with the replay header and no new event', async () => {
    const body = { actorId: 'idem-1', text: 'once only' };
    const first = await api.post('/v1/commands/say', body, 'idem-key-1');
    const before = await countEvents();
    const replay = await api.post('/v1/commands/say', body, 'idem-key-1');
    expect(replay.status).toBe(first.status);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get('x-idempotent-replay')).toBe('true');
    expect(replay.headers.get('x-correlation-id')).toBe(first.body.data.correlationId);
    expect(first.headers.get('x-idempotent-replay')).toBeNull();
    expect(await countEvents()).toBe(before);
  });

  it('key order in the body does not matter; another body is a 409 conflict', async () => {
    await api.post('/v1/commands/order', { actorId: 'idem-2', itemId: 'tea', size: 'large' }, 'idem-key-2');
    const reordered = await api.post('/v1/commands/order', { size: 'large', itemId: 'tea', actorId: 'idem-2' }, 'idem-key-2');
    expect(reordered.headers.get('x-idempotent-replay')).toBe('true');
    const conflict = await api.post('/v1/commands/order', { actorId: 'idem-2', itemId: 'coffee' }, 'idem-key-2');
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('ERR_IDEMPOTENCY_KEY_CONFLICT');
    expect(conflict.body.error.details).toMatchObject({ scope: 'main:idem-2:/v1/commands/order', idempotencyKey: 'idem-key-2' });
  });

  it('the same key on another route or actor is another scope', async () => {
    const a = await api.post('/v1/commands/order', { actorId: 'idem-3', itemId: 'tea' }, 'shared-key');
    const b = await api.post('/v1/commands/order', { actorId: 'idem-4', itemId: 'tea' }, 'shared-key');
    const c = await api.post('/v1/commands/enter', { actorId: 'idem-3' }, 'shared-key');
    expect([a.status, b.status, c.status]).toEqual([202, 202, 202]);
    expect(b.headers.get('x-idempotent-replay')).toBeNull();
    expect(c.headers.get('x-idempotent-replay')).toBeNull();
  });

  it('a failed request stores nothing: a retry with the same key executes', async () => {
    const bad = await api.post('/v1/commands/move', { actorId: 'idem-5', direction: 'X' }, 'retry-key');
    expect(bad.status).toBe(400);
    const good = await api.post('/v1/commands/move', { actorId: 'idem-5', direction: 'X' }, 'retry-key');
    expect(good.status).toBe(400);
    expect(good.headers.get('x-idempotent-replay')).toBeNull();
  });

  it('20 concurrent duplicates of one key execute once and all get the same answer', async () => {
    const body = { actorId: 'idem-burst', text: 'burst' };
    const before = Number((await db.sql`select count(*)::int as n from events where actor_id = 'idem-burst'`)[0]!.n);
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.post('/v1/commands/say', body, 'burst-key')));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([202]));
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('x-idempotent-replay') === 'true')).toHaveLength(19);
    const messages = await db.sql`select count(*)::int as n from events where actor_id = 'idem-burst' and type = 'conversation_message_posted'`;
    expect(messages[0]!.n).toBe(1);
    const after = Number((await db.sql`select count(*)::int as n from events where actor_id = 'idem-burst'`)[0]!.n);
    expect(after - before).toBe(2);
  });
});

describe('POST /v1/intents/execute', () => {
  it('sit_at_table plans a horizontal then a vertical leg and ends seated', async () => {
    await api.post('/v1/commands/enter', { actorId: 'int-1' });
    const res = await api.post('/v1/intents/execute', { actorId: 'int-1', intent: 'sit_at_table', payload: { tableId: 'table_1' } });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ intent: 'sit_at_table', label: 'table_1', from: { x: 9, y: 5 }, target: { x: 2, y: 2 } });
    expect(res.body.data.path).toEqual([{ direction: 'W', steps: 7 }, { direction: 'N', steps: 3 }]);
    const events = await db.sql`select type, payload, causation_id from events where correlation_id = ${res.body.data.correlationId} order by sequence`;
    expect(events.map((e) => e.type)).toEqual(['intent_planned', 'actor_moved', 'actor_moved', 'intent_completed', 'presence_heartbeat', 'status_changed']);
    expect(events[3]!.payload).toMatchObject({ outcome: 'seated', finalPosition: { x: 2, y: 2 } });
    expect(res.body.data.finalEventId).toBe(res.body.data.eventIds[3]);
    const next = await api.post('/v1/intents/execute', { actorId: 'int-1', intent: 'navigate_to', x: 2.4, y: 0 });
    expect(next.body.data).toMatchObject({ from: { x: 2, y: 2 }, target: { x: 2, y: 0 }, label: '(2, 0)', path: [{ direction: 'N', steps: 2 }] });
  });

  it.each([
    [{ actorId: 'i', intent: 'sit_at_table', payload: {} }, 400, 'ERR_MISSING_FIELD'],
    [{ actorId: 'i', intent: 'sit_at_table', payload: { tableId: 'table_9' } }, 400, 'ERR_UNKNOWN_TABLE'],
    [{ actorId: 'i', intent: 'navigate_to', payload: { x: 'a', y: 1 } }, 400, 'ERR_OUT_OF_BOUNDS'],
    [{ actorId: 'i', intent: 'navigate_to', payload: { x: 20, y: 1 } }, 400, 'ERR_OUT_OF_BOUNDS'],
    [{ actorId: 'i', intent: 'fly' }, 404, 'ERR_UNSUPPORTED_ACTION'],
    [{ actorId: 'i' }, 400, 'ERR_MISSING_FIELD'],
    [{ actorId: 'i', intent: 'navigate_to', payload: 3 }, 400, 'ERR_VALIDATION'],
  ])('%j → %s %s', async (body, status, code) => {
    const before = await countEvents();
    const res = await api.post('/v1/intents/execute', body);
    expect([res.status, res.body.error?.code]).toEqual([status, code]);
    expect(await countEvents()).toBe(before);
  });
});
