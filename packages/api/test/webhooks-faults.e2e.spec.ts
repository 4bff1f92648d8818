import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { appendCommitted, makeTypedEvent, waitUntil } from '../../bus/test/helpers/events';
import { createPrivateRedis, type PrivateRedis } from '../../bus/test/helpers/redis-server';
import { createApiClient } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './helpers/webhook-receiver';

// Acceptance 2 of the webhooks issue: the delivering process killed with SIGKILL in the middle
// of a retry schedule, and Redis stopped for 10 s. Each time the schedule completes, nothing
// is lost, and no event reaches the target under two different webhook-ids.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventIdOf = (request: ReceivedRequest) => (JSON.parse(request.body) as { event: { eventId: string } }).event.eventId;

/** Fails the first `failures` attempts of every event, then answers 200. */
const failFirst = (failures: number) => {
  const seen = new Map<string, number>();
  return (_count: number, request: ReceivedRequest) => {
    const attempt = (seen.get(eventIdOf(request)) ?? 0) + 1;
    seen.set(eventIdOf(request), attempt);
    return attempt <= failures ? 500 : 200;
  };
};

/** Requests per event, and the webhook-ids each event arrived under. */
function summarise(requests: ReceivedRequest[]) {
  const byEvent = new Map<string, { attempts: number; webhookIds: Set<string> }>();
  for (const request of requests) {
    const entry = byEvent.get(eventIdOf(request)) ?? { attempts: 0, webhookIds: new Set<string>() };
    entry.attempts += 1;
    entry.webhookIds.add(String(request.headers['webhook-id']));
    byEvent.set(eventIdOf(request), entry);
  }
  return byEvent;
}

let receiver: WebhookReceiver;
const apps: RunningApp[] = [];
const baseEnv = { REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', ...RELAXED_MODERATION_ENV };

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  for (const app of apps) await app.stop();
  await receiver?.close();
});

describe('kill -9 in the middle of a retry schedule', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('resumes the schedule after a restart (not restarted, not dropped), and delivers what committed meanwhile', async () => {
    receiver.respond('/resume', failFirst(2));
    const first = await startBuiltApp('api', { DATABASE_URL: db.url, ...baseEnv });
    apps.push(first);
    const api = createApiClient(first.baseUrl);
    const created = await api.post('/v1/subscriptions', { targetUrl: receiver.url('/resume'), eventTypes: ['conversation_message_posted'], maxRetries: 3, backoffMs: 1500 });
    expect(created.status).toBe(201);
    const subscriptionId = created.body.data.subscription.id as string;
    const said = await api.post('/v1/commands/say', { actorId: 'ada', text: 'deliver me' });
    expect(said.status).toBe(202);
    const eventId = said.body.data.eventId as string;

    // Attempt 1 failed and is recorded: the retry now waits in Postgres. Kill the process.
    await waitUntil(async () => (await db.sql`select 1 from webhook_deliveries where event_id = ${eventId}`).length === 1, 'attempt 1 recorded');
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));

    // An event that commits while no worker runs.
    const [meanwhile] = await appendCommitted(db.sql, [makeTypedEvent(
        'conversation_message_posted',
        {
          conversation: { messageId: 'm-ghost', threadId: 'm-ghost', parentMessageId: null, replyToMessageId: null, mentions: [], contextWindow: { id: null, maxItems: 20 }, text: 'while down', metadata: {} },
          bubble: { text: 'while down', ttlMs: 7000 },
        },
        { actorId: 'ghost' },
      )]);
    await sleep(2000);

    const second = await startBuiltApp('api', { DATABASE_URL: db.url, ...baseEnv });
    apps.push(second);
    const delivered = async (id: string) => (await db.sql`select 1 from webhook_deliveries where event_id = ${id} and success`).length === 1;
    await waitUntil(async () => (await delivered(eventId)) && (await delivered(meanwhile!.eventId)), 'both delivered after the restart', 30_000);
    await sleep(1500);

    const attempts = await db.sql<{ attempt: number; success: boolean }[]>`
      select attempt, success from webhook_deliveries where subscription_id = ${subscriptionId} and event_id = ${eventId} order by created_at`;
    expect(attempts).toEqual([
      { attempt: 1, success: false },
      { attempt: 2, success: false },
      { attempt: 3, success: true },
    ]);
    const summary = summarise(receiver.at('/resume'));
    expect(summary.get(eventId)).toEqual({ attempts: 3, webhookIds: expect.any(Set) });
    expect(summary.get(meanwhile!.eventId)?.attempts).toBe(3);
    for (const entry of summary.values()) expect(entry.webhookIds.size).toBe(1);
    expect(await db.sql`select 1 from webhook_jobs`).toHaveLength(0);
    expect(await db.sql`select 1 from webhook_dlq`).toHaveLength(0);
  }, 90_000);
});

describe('Redis stopped for 10 s', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createPrivateRedis({ persist: false });
    await redis.start();
  });

  afterAll(async () => {
    await redis?.destroy();
    await db?.drop();
  });

  it('completes every schedule and delivers every event once it can, under one webhook-id each', async () => {
    receiver.respond('/outage', failFirst(1));
    const app = await startBuiltApp('api', { DATABASE_URL: db.url, ...baseEnv, REDIS_URL: redis.url, BUS_REDIS_STREAM_KEY: `webhooks-outage:${randomUUID()}` });
    apps.push(app);
    const api = createApiClient(app.baseUrl);
    const created = await api.post('/v1/subscriptions', { targetUrl: receiver.url('/outage'), eventTypes: ['conversation_message_posted'], maxRetries: 4, backoffMs: 2000 });
    expect(created.status).toBe(201);
    const say = async (text: string) => {
      const res = await api.post('/v1/commands/say', { actorId: 'bo', text });
      expect(res.status).toBe(202);
      return res.body.data.eventId as string;
    };

    const before = await say('before the outage');
    await waitUntil(() => receiver.at('/outage').some((request) => eventIdOf(request) === before), 'first attempt before the outage');
    await redis.stop();
    const stoppedAt = Date.now();
    const during = [await say('during the outage 1'), await say('during the outage 2')];
    await sleep(Math.max(0, 10_000 - (Date.now() - stoppedAt)));
    await redis.start();
    const after = await say('after the outage');

    const all = [before, ...during, after];
    await waitUntil(async () => {
      const rows = await db.sql<{ event_id: string }[]>`select event_id from webhook_deliveries where success`;
      return all.every((id) => rows.some((row) => row.event_id === id));
    }, 'every event delivered', 40_000);
    await sleep(1500);
    const summary = summarise(receiver.at('/outage'));
    for (const id of all) expect(summary.get(id)?.attempts).toBe(2);
    for (const entry of summary.values()) expect(entry.webhookIds.size).toBe(1);
    expect(await db.sql`select 1 from webhook_dlq`).toHaveLength(0);
  }, 120_000);
});
