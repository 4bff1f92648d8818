import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTestDatabase, getTestRedisUrl, isRedisReachable, startBuiltApp, uniqueRedisPrefix, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { connectSse, eventSequences } from './helpers/sse-client';

// Acceptance: an event committed by the API (POST /v1/commands/say) reaches a realtime SSE
// subscriber, with Redis and without. Both built apps share only the database (and Redis).

const redisUrl = getTestRedisUrl();
const redisUp = await isRedisReachable(redisUrl);
if (!redisUp) console.warn(`[realtime] Redis variant of the API → realtime suite skipped: no Redis at ${redisUrl ?? '(REDIS_URL unset)'}`);

describe.each([{ transport: 'postgres' }, ...(redisUp ? [{ transport: 'redis' }] : [])])('API → realtime on the $transport transport', ({ transport }) => {
  let db: TestDatabase;
  let api: RunningApp;
  let realtime: RunningApp;
  const prefix = uniqueRedisPrefix('a2r');

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: transport === 'redis' ? redisUrl : '',
      BUS_REDIS_STREAM_KEY: `${prefix}:events`,
      INBOX_REDIS_PREFIX: prefix,
      API_RATE_LIMIT_PER_MIN: '100000',
    };
    api = await startBuiltApp('api', env);
    realtime = await startBuiltApp('realtime', env);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([api?.stop(), realtime?.stop()]);
    if (transport === 'redis') {
      const redis = new Redis(redisUrl!);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    await db?.drop();
  });

  it('delivers the committed say to the room subscriber', async () => {
    const client = await connectSse(`${realtime.baseUrl}/v1/stream?roomId=main&types=conversation_message_posted`);
    await client.waitFor((frames) => frames.some((frame) => frame.event === 'ready'), 'ready');
    const response = await fetch(`${api.baseUrl}/v1/commands/say`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ actorId: 'realtime-e2e', text: 'hello operators' }),
    });
    expect(response.status).toBeLessThan(300);
    const body = (await response.json()) as { data: { emittedEvents: Array<{ eventId: string; sequence: number; eventType: string }> } };
    const said = body.data.emittedEvents.find((event) => event.eventType === 'conversation_message_posted')!;
    await client.waitFor((frames) => eventSequences(frames).includes(said.sequence), `sequence ${said.sequence}`);
    const frame = client.frames.find((item) => item.id === String(said.sequence))!;
    expect(frame.event).toBe('conversation_message_posted');
    expect(frame.data).toMatchObject({ eventId: said.eventId, actorId: 'realtime-e2e', roomId: 'main', payload: { conversation: { text: 'hello operators' } } });
    client.close();
  });
});
