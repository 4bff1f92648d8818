import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { waitUntil } from '../../bus/test/helpers/events';
import { createApiClient, type ApiClient } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './helpers/webhook-receiver';

// Acceptance 1, 3 and 4 of the webhooks issue, against the built API and a real local HTTP
// receiver; the transport is the Postgres tail (REDIS_URL empty). Faults: webhooks-faults.e2e.

const SECRET = 'whsec_dGhpcyBpcyBhIHRlc3Qgc2VjcmV0IGtleSEh';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Standard Webhooks verification, written from its specification for this test only: the key
 * is the base64 after `whsec_`, the signed content `id.timestamp.body`, the header a space
 * separated list of `v1,<base64>` of which one must match; the timestamp within 5 minutes.
 */
function verifyStandardWebhook(secret: string, request: ReceivedRequest): boolean {
  const id = String(request.headers['webhook-id']);
  const timestamp = String(request.headers['webhook-timestamp']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.split('_')[1]!, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest();
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

let db: TestDatabase;
let app: RunningApp;
let api: ApiClient;
let receiver: WebhookReceiver;

const count = async (table: string) => Number((await db.sql`select count(*)::int as n from ${db.sql(table)}`)[0]!.n);
const say = async (actorId: string, text: string, roomId = 'main') => {
  const res = await api.post('/v1/commands/say', { actorId, roomId, text });
  expect(res.status).toBe(202);
  return res.body.data.eventId as string;
};
const subscribe = async (body: Record<string, unknown>) => {
  const res = await api.post('/v1/subscriptions', { eventTypes: ['conversation_message_posted'], ...body });
  expect(res.status).toBe(201);
  return res.body.data.subscription as { id: string; secret: string };
};
const eventIdOf = (request: ReceivedRequest) => (JSON.parse(request.body) as { event: { eventId: string } }).event.eventId;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  db = await createTestDatabase();
  app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', ...RELAXED_MODERATION_ENV });
  api = createApiClient(app.baseUrl);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
  await db?.drop();
});

describe('live delivery', () => {
  it('delivers a committed event with both signatures, to every room when roomId is null', async () => {
    const created = await subscribe({ targetUrl: receiver.url('/live'), secret: SECRET });
    expect(created.secret).toBe(SECRET);
    const inMain = await say('ada', 'hello webhooks');
    const inSide = await say('ada', 'hello side room', 'side');
    await waitUntil(() => receiver.at('/live').length >= 2, 'two deliveries');
    const [first, second] = receiver.at('/live');
    expect([eventIdOf(first!), eventIdOf(second!)].sort()).toEqual([inMain, inSide].sort());
    for (const request of [first!, second!]) {
      expect(request.headers['x-agentcafe-signature']).toBe(createHmac('sha256', SECRET).update(request.body).digest('hex'));
      expect(verifyStandardWebhook(SECRET, request)).toBe(true);
      expect(verifyStandardWebhook('whsec_d3Jvbmcgc2VjcmV0', request)).toBe(false);
      expect(request.headers).toMatchObject({
        'content-type': 'application/json',
        'x-agentcafe-event-id': eventIdOf(request),
        'x-agentcafe-event-type': 'conversation_message_posted',
        'x-agentcafe-subscription-id': created.id,
        'x-agentcafe-delivery-source': 'live',
      });
    }
    expect(first!.headers['webhook-id']).not.toBe(second!.headers['webhook-id']);
    const log = await api.get(`/v1/subscriptions/deliveries?subscriptionId=${created.id}`);
    expect(log.body.data.deliveries).toHaveLength(2);
    expect(log.body.data.deliveries[0]).toMatchObject({ success: true, attempt: 1, source: 'live', statusCode: 200, error: null, dlqId: null });
    await waitUntil(async () => (await api.get(`/v1/subscriptions/${created.id}`)).body.data.subscription.lastDeliveredAt !== null, 'lastDeliveredAt');
  });

  it('never shows the secret in full after create', async () => {
    const created = await subscribe({ targetUrl: receiver.url('/masked'), enabled: false });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const read = await api.get(`/v1/subscriptions/${created.id}`);
    expect(read.body.data.subscription.secret).toBe(`whsec_…${created.secret.slice(-4)}`);
    const listed = await api.get('/v1/subscriptions');
    expect(listed.text).not.toContain(created.secret);
    const patched = await api.request('PATCH', `/v1/subscriptions/${created.id}`, { body: { metadata: { a: 1 } } });
    expect(patched.status).toBe(200);
    expect(patched.text).not.toContain(created.secret);
    expect(app.output()).not.toContain(created.secret);
  });
});

describe('retries, DLQ and replay', () => {
  let failing: { id: string };
  let deadEventId: string;

  it('follows the backoff with the same webhook-id on every attempt, then dead-letters', async () => {
    receiver.respond('/down', 500);
    failing = await subscribe({ targetUrl: receiver.url('/down'), secret: SECRET, actorId: 'bob', maxRetries: 2, backoffMs: 300 });
    deadEventId = await say('bob', 'is anyone there');
    await waitUntil(() => receiver.at('/down').filter((request) => eventIdOf(request) === deadEventId).length >= 3, 'three attempts');
    const attempts = receiver.at('/down').filter((request) => eventIdOf(request) === deadEventId);
    expect(new Set(attempts.map((request) => request.headers['webhook-id'])).size).toBe(1);
    const gaps = [attempts[1]!.at - attempts[0]!.at, attempts[2]!.at - attempts[1]!.at];
    // Waits of 300 ms then 600 ms (backoff × 2^(n−1)); the clock of the receiver, not of the API.
    expect(gaps[0]).toBeGreaterThanOrEqual(280);
    expect(gaps[1]).toBeGreaterThanOrEqual(580);
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    await waitUntil(async () => (await api.get('/v1/subscriptions/dlq')).body.data.dlq.some((entry: { eventId: string }) => entry.eventId === deadEventId), 'DLQ entry');
    await sleep(1500);
    expect(receiver.at('/down').filter((request) => eventIdOf(request) === deadEventId)).toHaveLength(3);
    const log = await api.get(`/v1/subscriptions/deliveries?subscriptionId=${failing.id}`);
    expect(log.body.data.deliveries.map((d: { attempt: number }) => d.attempt)).toEqual([3, 2, 1]);
    expect(log.body.data.deliveries[0]).toMatchObject({ success: false, statusCode: null, error: 'HTTP 500' });
    expect((await api.get(`/v1/subscriptions/${failing.id}`)).body.data.subscription.lastError).toBe('HTTP 500');
  });

  it('maxRetries 0 makes exactly one attempt', async () => {
    receiver.respond('/once', 503);
    const once = await subscribe({ targetUrl: receiver.url('/once'), actorId: 'cy', maxRetries: 0, backoffMs: 100 });
    const eventId = await say('cy', 'one shot');
    await waitUntil(async () => (await api.get('/v1/subscriptions/dlq')).body.data.dlq.some((entry: { subscriptionId: string }) => entry.subscriptionId === once.id), 'DLQ entry');
    await sleep(1000);
    expect(receiver.at('/once').map(eventIdOf)).toEqual([eventId]);
  });

  it('a failed replay updates its entry and creates no new one; a good one resolves it', async () => {
    const dlq = (await api.get('/v1/subscriptions/dlq')).body.data.dlq as { id: string; eventId: string }[];
    const entry = dlq.find((item) => item.eventId === deadEventId)!;
    const entriesBefore = await count('webhook_dlq');
    const webhookId = receiver.at('/down').find((request) => eventIdOf(request) === deadEventId)!.headers['webhook-id'];

    const failed = await api.post(`/v1/subscriptions/dlq/${entry.id}/replay`, {});
    expect(failed.status).toBe(400);
    expect(failed.body.error).toMatchObject({ code: 'ERR_VALIDATION', message: 'DLQ replay failed', details: { dlqId: entry.id, error: 'HTTP 500' } });
    expect(await count('webhook_dlq')).toBe(entriesBefore);
    let stored = (await api.get('/v1/subscriptions/dlq')).body.data.dlq.find((item: { id: string }) => item.id === entry.id);
    expect(stored).toMatchObject({ status: 'open', replayCount: 1, lastReplayError: 'HTTP 500' });
    const attemptsOf = (eventId: string) => receiver.at('/down').filter((request) => eventIdOf(request) === eventId);
    expect(attemptsOf(deadEventId)).toHaveLength(6);

    receiver.respond('/down', 200);
    const replayed = await api.post(`/v1/subscriptions/dlq/${entry.id}/replay`, {});
    expect(replayed.status).toBe(202);
    expect(replayed.body.data.replay).toEqual({ ok: true, dlqId: entry.id, eventId: deadEventId, subscriptionId: failing.id, error: null });
    stored = (await api.get('/v1/subscriptions/dlq')).body.data.dlq.find((item: { id: string }) => item.id === entry.id);
    expect(stored).toMatchObject({ status: 'resolved', replayCount: 2, lastReplayError: null });
    expect(await count('webhook_dlq')).toBe(entriesBefore);
    const last = attemptsOf(deadEventId).at(-1)!;
    expect(last.headers).toMatchObject({ 'x-agentcafe-delivery-source': 'dlq_replay', 'webhook-id': webhookId });
    expect(verifyStandardWebhook(SECRET, last)).toBe(true);
    const log = await api.get(`/v1/subscriptions/deliveries?subscriptionId=${failing.id}&success=true`);
    expect(log.body.data.deliveries[0]).toMatchObject({ source: 'dlq_replay', dlqId: entry.id, statusCode: 200 });

    const missing = await api.post('/v1/subscriptions/dlq/00000000-0000-4000-8000-000000000000/replay', {});
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'ERR_NOT_FOUND', message: 'DLQ entry not found' });
  });
});

describe('delete', () => {
  it('delivers nothing after delete, and takes the log and DLQ with it', async () => {
    const doomed = await subscribe({ targetUrl: receiver.url('/doomed') });
    await say('dan', 'before delete');
    await waitUntil(() => receiver.at('/doomed').length === 1, 'first delivery');
    const removed = await api.request('DELETE', `/v1/subscriptions/${doomed.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toMatchObject({ deleted: true, subscriptionId: doomed.id });
    await say('dan', 'after delete');
    await sleep(1500);
    expect(receiver.at('/doomed')).toHaveLength(1);
    expect((await api.get(`/v1/subscriptions/deliveries?subscriptionId=${doomed.id}`)).body.data.count).toBe(0);
    expect((await api.get(`/v1/subscriptions/${doomed.id}`)).status).toBe(404);
    expect((await api.request('DELETE', `/v1/subscriptions/${doomed.id}`)).status).toBe(404);
  });
});

describe('validation writes nothing', () => {
  it.each([
    [{ eventTypes: ['*'] }, 'ERR_MISSING_FIELD'],
    [{ targetUrl: 'not a url' }, 'ERR_INVALID_URL'],
    [{ targetUrl: 'ftp://example.com/x' }, 'ERR_INVALID_URL'],
    [{ targetUrl: 'https://example.com/x', eventTypes: 'conversation_message_posted' }, 'ERR_VALIDATION'],
    [{ targetUrl: 'https://example.com/x', eventTypes: ['converstion_message_posted'] }, 'ERR_VALIDATION'],
    [{ targetUrl: 'https://example.com/x', secret: 42 }, 'ERR_VALIDATION'],
    [{ targetUrl: 'https://example.com/x', roomId: 7 }, 'ERR_VALIDATION'],
    [{ targetUrl: 'https://example.com/x', metadata: 'x' }, 'ERR_VALIDATION'],
  ])('%j → 400 %s', async (body, code) => {
    const before = await count('webhook_subscriptions');
    const res = await api.post('/v1/subscriptions', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(await count('webhook_subscriptions')).toBe(before);
  });

  it('reactions: bad action, payload or types are 400s and write nothing', async () => {
    const before = await count('reaction_subscriptions');
    for (const [body, code] of [
      [{ actionType: 'say', actionPayload: { text: 'x' } }, 'ERR_MISSING_FIELD'],
      [{ targetActorId: 'r', actionType: 'dance' }, 'ERR_INVALID_ENUM'],
      [{ targetActorId: 'r', actionType: 'say', actionPayload: {} }, 'ERR_VALIDATION'],
      [{ targetActorId: 'r', actionType: 'move', actionPayload: { direction: 'X' } }, 'ERR_INVALID_DIRECTION'],
      [{ targetActorId: 'r', actionType: 'say', actionPayload: { text: 'x' }, triggerEventTypes: ['nope'] }, 'ERR_VALIDATION'],
    ] as const) {
      const res = await api.post('/v1/reactions/subscriptions', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    }
    expect(await count('reaction_subscriptions')).toBe(before);
  });

  it('without an Idempotency-Key a valid create is refused (400) and writes nothing', async () => {
    const before = await count('webhook_subscriptions');
    const res = await api.post('/v1/subscriptions', { targetUrl: 'https://example.com/x' }, null);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ERR_IDEMPOTENCY_KEY_REQUIRED');
    expect(await count('webhook_subscriptions')).toBe(before);
  });
});

describe('reactions', () => {
  it('X says, R reacts exactly once, and R’s event triggers nothing further', async () => {
    const reply = await api.post('/v1/reactions/subscriptions', {
      roomId: 'cafe',
      sourceActorId: 'xavier',
      targetActorId: 'rita',
      triggerEventTypes: ['conversation_message_posted'],
      actionType: 'say',
      actionPayload: { text: 'welcome, xavier' },
      cooldownMs: 0,
    });
    expect(reply.status).toBe(201);
    // Xavier would answer Rita: only if reaction-made events could trigger (they cannot by default).
    const echo = await api.post('/v1/reactions/subscriptions', { roomId: 'cafe', sourceActorId: 'rita', targetActorId: 'xavier', actionType: 'say', actionPayload: { text: 'echo' }, cooldownMs: 0 });
    expect(echo.status).toBe(201);
    const trigger = await say('xavier', 'good morning', 'cafe');
    const byRita = () => db.sql<{ event_id: string; payload: any; causation_id: string }[]>`select event_id, payload, causation_id from events where room_id = 'cafe' and actor_id = 'rita'`;
    await waitUntil(async () => (await byRita()).length > 0, 'the reaction');
    await sleep(2000);
    const reactions = await byRita();
    expect(reactions).toHaveLength(1);
    expect(reactions[0]!.causation_id).toBe(trigger);
    expect(reactions[0]!.payload).toMatchObject({
      reaction: { sourceSubscriptionId: reply.body.data.subscription.id, sourceEventId: trigger },
      conversation: { text: 'welcome, xavier', metadata: { reaction: { sourceEventId: trigger } } },
      bubble: { text: 'welcome, xavier' },
    });
    const byXavier = await db.sql`select 1 from events where room_id = 'cafe' and actor_id = 'xavier' and type = 'conversation_message_posted'`;
    expect(byXavier).toHaveLength(1);
    const record = (await api.get(`/v1/reactions/subscriptions/${reply.body.data.subscription.id}`)).body.data.subscription;
    expect(record).toMatchObject({ triggerCount: 1, errorCount: 0, lastSourceEventId: trigger, lastError: null });
    const health = await api.get('/healthz');
    expect(health.body.reactions).toMatchObject({ triggered: 1, failed: 0, inFlight: 0 });
    expect(health.body.reactions.skipped).toBeGreaterThanOrEqual(1);
    expect(health.body.webhooks).toMatchObject({ inFlight: expect.any(Number), queued: expect.any(Number) });
    expect(health.body.webhooks.delivered).toBeGreaterThanOrEqual(2);
  });

  it('a muted reacting actor does not react: the failure is recorded', async () => {
    const sub = await api.post('/v1/reactions/subscriptions', { roomId: 'quiet', targetActorId: 'mute-me', actionType: 'say', actionPayload: { text: 'hi' }, cooldownMs: 0 });
    expect(sub.status).toBe(201);
    const grant = await api.post('/v1/permissions', { roomId: 'quiet', actorId: 'op', canModerate: true });
    expect(grant.status).toBe(200);
    const muted = await api.post('/v1/operator/overrides', { roomId: 'quiet', operatorId: 'op', action: 'mute_agent', targetActorId: 'mute-me' });
    expect(muted.status).toBe(202);
    await say('someone', 'hello?', 'quiet');
    const id = sub.body.data.subscription.id as string;
    await waitUntil(async () => (await api.get(`/v1/reactions/subscriptions/${id}`)).body.data.subscription.errorCount >= 1, 'failure recorded');
    const record = (await api.get(`/v1/reactions/subscriptions/${id}`)).body.data.subscription;
    expect(record).toMatchObject({ triggerCount: 0, lastError: 'operator_override:ACTOR_MUTED', lastTriggeredAt: null });
    expect(await db.sql`select 1 from events where actor_id = 'mute-me'`).toHaveLength(0);
  });
});

describe('SSRF guard', () => {
  // Its own database: a guarded instance on the shared one would also lease the other tests' jobs.
  let guardedDb: TestDatabase;
  let guarded: RunningApp;
  let guardedApi: ApiClient;
  const countGuarded = async () => Number((await guardedDb.sql`select count(*)::int as n from webhook_subscriptions`)[0]!.n);

  beforeAll(async () => {
    guardedDb = await createTestDatabase();
    guarded = await startBuiltApp('api', { DATABASE_URL: guardedDb.url, REDIS_URL: '', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', API_RATE_LIMIT_PER_MIN: '100000', ...RELAXED_MODERATION_ENV });
    guardedApi = createApiClient(guarded.baseUrl);
  }, 60_000);

  afterAll(async () => {
    await guarded?.stop();
    await guardedDb?.drop();
  });

  it.each(['http://127.0.0.1:9/x', 'http://localhost:9/x', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.8/x', 'http://[::1]:9/x'])('refuses %s on create, writing nothing', async (targetUrl) => {
    const before = await countGuarded();
    const res = await guardedApi.post('/v1/subscriptions', { targetUrl });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'ERR_INVALID_URL', details: { field: 'targetUrl', value: targetUrl } });
    expect(await countGuarded()).toBe(before);
  });

  it('refuses a patch to a private target and keeps the record', async () => {
    const created = await guardedApi.post('/v1/subscriptions', { targetUrl: 'https://93.184.216.34/hook', enabled: false });
    expect(created.status).toBe(201);
    const id = created.body.data.subscription.id as string;
    const patched = await guardedApi.request('PATCH', `/v1/subscriptions/${id}`, { body: { targetUrl: 'http://127.0.0.1:1/x' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.code).toBe('ERR_INVALID_URL');
    expect((await guardedApi.get(`/v1/subscriptions/${id}`)).body.data.subscription.targetUrl).toBe('https://93.184.216.34/hook');
  });

  it('checks the address again at delivery: a private target stored anyway is never reached', async () => {
    // As if the name had resolved to a public address at create time (DNS rebinding).
    await guardedDb.sql`
      insert into webhook_subscriptions (id, tenant_id, event_types, target_url, secret, enabled, max_retries, backoff_ms, timeout_ms, metadata, created_at, updated_at)
      values (gen_random_uuid(), 'default', '["*"]', ${receiver.url('/rebound')}, 'whsec_AAEC', true, 0, 100, 1000, '{}', now() - interval '1 minute', now())`;
    const said = await guardedApi.post('/v1/commands/say', { actorId: 'eve', text: 'rebinding?' });
    expect(said.status).toBe(202);
    await waitUntil(async () => (await guardedDb.sql`select 1 from webhook_dlq`).length > 0, 'dead-lettered');
    const deliveries = await guardedDb.sql<{ error: string }[]>`select error from webhook_deliveries`;
    expect(deliveries.length).toBeGreaterThan(0);
    for (const delivery of deliveries) expect(delivery.error).toMatch(/refused by the SSRF guard/);
    expect(receiver.at('/rebound')).toHaveLength(0);
  });
});
