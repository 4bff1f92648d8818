import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  createTestDatabase,
  getTestRedisUrl,
  isRedisReachable,
  startBuiltApp,
  uniqueRedisPrefix,
  type RunningApp,
  type TestDatabase,
} from '@cafe/testkit';
import type { EventEnvelope } from '@cafe/shared';
import { readDatabaseIdentity } from '@cafe/db';
import { appendCommitted, makeEvent, waitUntil } from '../../bus/test/helpers/events';
import { connectSse, eventSequences, type SseClient } from './helpers/sse-client';

// GET /v1/stream of the built realtime app (docs/streams.md#the-realtime-stream), with its own event
// transport on Postgres alone and on Redis Streams. Events are appended to the log directly,
// as the API does, and must reach SSE clients.

const redisUrl = getTestRedisUrl();
const redisUp = await isRedisReachable(redisUrl);
if (!redisUp) console.warn(`[realtime] Redis variants of the stream suite skipped: no Redis answers at ${redisUrl ?? '(REDIS_URL unset)'}`);

const modes = [{ transport: 'postgres' as const }, ...(redisUp ? [{ transport: 'redis' as const }] : [])];

describe.each(modes)('GET /v1/stream on the $transport transport', ({ transport }) => {
  let db: TestDatabase;
  let app: RunningApp;
  let redis: Redis | null = null;
  const prefix = uniqueRedisPrefix('rt');
  const configuredStreamKey = `${prefix}:events`;
  /** The key the instance really uses: the configured one with the database's identity. */
  let streamKey = '';
  const clients: SseClient[] = [];
  const connect = async (query: string, headers: Record<string, string> = {}) => {
    const client = await connectSse(`${app.baseUrl}/v1/stream?${query}`, headers);
    clients.push(client);
    return client;
  };
  const health = async () => (await (await fetch(`${app.baseUrl}/healthz`)).json()) as { clients: number } & Record<string, unknown>;
  /** Waits until the instance's live feed has passed `sequence`, so a new client replays it. */
  const waitForFeed = (sequence: number) =>
    waitUntil(async () => ((await health()).source as { lastCursor: number }).lastCursor >= sequence, `feed at ${sequence}`);
  const append = (events: Parameters<typeof makeEvent>[0][]) => appendCommitted(db.sql, events.map((event) => makeEvent(event)));

  beforeAll(async () => {
    db = await createTestDatabase();
    streamKey = `${configuredStreamKey}:${(await readDatabaseIdentity(db.sql)).tag}`;
    if (transport === 'redis') redis = new Redis(redisUrl!);
    app = await startBuiltApp('realtime', {
      DATABASE_URL: db.url,
      REDIS_URL: transport === 'redis' ? redisUrl : '',
      BUS_REDIS_STREAM_KEY: configuredStreamKey,
      BUS_REDIS_STREAM_MAXLEN: '100',
      BUS_POLL_MS: '200',
      REALTIME_ROOM_HISTORY_LIMIT: '20',
      REALTIME_HEARTBEAT_MS: '300',
      REALTIME_MAX_CLIENTS: '6',
    });
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await app?.stop();
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    await db?.drop();
  });

  it('sends snapshot, replay with ids, ready, then an event committed after connecting, and heartbeats', async () => {
    const backlog = await append([{ roomId: 'lobby' }, { roomId: 'lobby', actorId: 'bob' }, { roomId: 'elsewhere' }]);
    await waitForFeed(backlog[2]!.sequence);
    const client = await connect('tenantId=%20default%20&roomId=lobby');
    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toBe('text/event-stream');
    expect(client.headers['cache-control']).toBe('no-cache');
    expect(client.headers['x-request-id']).toBeTruthy();
    await client.waitFor((frames) => frames.some((frame) => frame.event === 'ready'), 'ready');
    const [live] = await append([{ roomId: 'lobby', type: 'actor_moved' }]);
    await client.waitFor((frames) => eventSequences(frames).includes(live!.sequence), 'live event');
    await client.waitFor((frames) => frames.some((frame) => frame.event === 'heartbeat'), 'heartbeat');
    // Heartbeats may fall anywhere; the order of the other frames is fixed.
    const frames = client.frames.filter((frame) => frame.event !== 'heartbeat');
    expect(frames[0]).toMatchObject({ event: 'snapshot', data: { tenantId: 'default', roomId: 'lobby', actorId: null, types: [], lastCursor: expect.any(Number), sourceConnected: expect.any(Boolean) } });
    expect(frames[0]!.id).toBeUndefined();
    expect(frames.slice(1, 3).map((frame) => [frame.id, frame.event])).toEqual([
      [String(backlog[0]!.sequence), 'order_changed'],
      [String(backlog[1]!.sequence), 'order_changed'],
    ]);
    expect(frames[1]!.data).toEqual(backlog[0]);
    expect(frames[3]).toMatchObject({ event: 'ready', data: { tenantId: 'default', roomId: 'lobby', replayed: 2, requestId: client.headers['x-request-id'] } });
    expect((frames[3]!.data as Record<string, unknown>).truncated).toBeUndefined();
    const liveFrame = frames.find((frame) => frame.id === String(live!.sequence))!;
    expect(liveFrame).toMatchObject({ event: 'actor_moved', data: live });
    const heartbeat = client.frames.find((frame) => frame.event === 'heartbeat')!.data as { ts: number; cursor: number };
    expect(heartbeat.ts).toBeGreaterThan(1_600_000_000_000);
    expect(eventSequences(frames)).not.toContain(backlog[2]!.sequence);
    client.close();
  });

  it('filters by author and types', async () => {
    const before = (await append([{ roomId: 'filters' }]))[0]!.sequence;
    const client = await connect(`roomId=filters&actorId=bob&types=order_changed,%20agent_entered&cursor=${before}`);
    await client.waitFor((frames) => frames.some((frame) => frame.event === 'ready'), 'ready');
    const events = await append([
      { roomId: 'filters', actorId: 'bob' },
      { roomId: 'filters', actorId: 'carol' },
      { roomId: 'filters', actorId: 'bob', type: 'actor_moved' },
      { roomId: 'filters', actorId: 'bob', type: 'agent_entered' },
    ]);
    await client.waitFor((frames) => eventSequences(frames).length >= 2, 'two matching events');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(eventSequences(client.frames)).toEqual([events[0]!.sequence, events[3]!.sequence]);
    expect(client.frames[0]!.data).toMatchObject({ actorId: 'bob', types: ['order_changed', 'agent_entered'] });
    client.close();
  });

  it('replays the first `limit` events, marks ready truncated and goes on without a gap', async () => {
    const events: EventEnvelope[] = [];
    for (let i = 0; i < 5; i += 1) events.push(...(await append([{ roomId: 'trunc' }])));
    await waitForFeed(events[4]!.sequence);
    const client = await connect('roomId=trunc&cursor=0&limit=2');
    await client.waitFor((frames) => eventSequences(frames).length >= 5, 'all five');
    const order = client.frames.filter((frame) => frame.event !== 'heartbeat').map((frame) => frame.event === 'ready' ? 'ready' : frame.id);
    expect(order).toEqual(['undefined', ...events.slice(0, 2).map((e) => String(e.sequence)), 'ready', ...events.slice(2).map((e) => String(e.sequence))].map((x) => (x === 'undefined' ? undefined : x)));
    expect(client.frames.find((frame) => frame.event === 'ready')!.data).toMatchObject({ replayed: 2, truncated: true });
    client.close();
  });

  it('gives a fresh client (no cursor, no Last-Event-ID) only the newest `limit` events, then live', async () => {
    const events: EventEnvelope[] = [];
    for (let i = 0; i < 6; i += 1) events.push(...(await append([{ roomId: 'fresh' }])));
    await waitForFeed(events[5]!.sequence);
    const client = await connect('roomId=fresh&limit=2');
    await client.waitFor((frames) => frames.some((frame) => frame.event === 'ready'), 'ready');
    expect(eventSequences(client.frames)).toEqual(events.slice(-2).map((e) => e.sequence));
    expect(client.frames.find((frame) => frame.event === 'ready')!.data).toMatchObject({ replayed: 2 });
    const [live] = await append([{ roomId: 'fresh' }]);
    await client.waitFor((frames) => eventSequences(frames).includes(live!.sequence), 'live event');
    expect(eventSequences(client.frames)).toEqual([...events.slice(-2), live!].map((e) => e.sequence));
    client.close();
  });

  it('resumes from max(cursor, Last-Event-ID)', async () => {
    const events = await append([{ roomId: 'resume' }, { roomId: 'resume' }, { roomId: 'resume' }]);
    const client = await connect(`roomId=resume&cursor=${events[0]!.sequence - 1}`, { 'last-event-id': String(events[1]!.sequence) });
    // Commits the instance has not seen yet arrive right after `ready` instead of in the replay.
    await client.waitFor((frames) => eventSequences(frames).includes(events[2]!.sequence), 'the third event');
    expect(eventSequences(client.frames)).toEqual([events[2]!.sequence]);
    client.close();
    const byCursor = await connect(`roomId=resume&cursor=${events[1]!.sequence}`, { 'last-event-id': 'garbage' });
    await byCursor.waitFor((frames) => eventSequences(frames).includes(events[2]!.sequence), 'the third event');
    expect(eventSequences(byCursor.frames)).toEqual([events[2]!.sequence]);
    byCursor.close();
  });

  it('gives a client that reconnects after a gap longer than the Redis window every missed event, in order', async () => {
    const first = await append([{ roomId: 'gap' }]);
    const client = await connect('roomId=gap');
    await client.waitFor((frames) => eventSequences(frames).includes(first[0]!.sequence), 'first event');
    const lastSeen = Math.max(...eventSequences(client.frames));
    client.close();
    // 400 events in the room while the client is away: more than the stream keeps (MAXLEN ~100)
    // and than the instance remembers per room (20).
    for (let i = 0; i < 40; i += 1) await append(Array.from({ length: 10 }, () => ({ roomId: 'gap' })));
    const missed = await db.sql<{ sequence: number }[]>`select sequence from events where room_id = 'gap' and sequence > ${lastSeen} order by sequence`;
    if (redis) {
      await waitUntil(async () => (await redis!.xrevrange(streamKey, '+', '-', 'COUNT', 1))[0]?.[0] === `${missed[missed.length - 1]!.sequence}-0`, 'relay published');
      const [oldest] = await redis.xrange(streamKey, '-', '+', 'COUNT', 1);
      expect(Number(oldest![0].split('-')[0])).toBeGreaterThan(lastSeen + 1);
    }
    const back = await connect('roomId=gap&limit=1000', { 'last-event-id': String(lastSeen) });
    await back.waitFor((frames) => eventSequences(frames).length >= missed.length, `${missed.length} missed events`);
    expect(eventSequences(back.frames)).toEqual(missed.map((row) => Number(row.sequence)));
    back.close();
  });

  it('answers 503 in the error envelope when full, and 404 for unknown routes', async () => {
    for (const client of clients) client.close();
    await waitUntil(async () => (await health()).clients === 0, 'clients gone');
    const held = await Promise.all(Array.from({ length: 6 }, () => connect('roomId=full')));
    await waitUntil(async () => (await health()).clients === 6, 'six clients');
    const full = await fetch(`${app.baseUrl}/v1/stream?roomId=full`);
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBe('1');
    const body = await full.json();
    expect(body).toMatchObject({ ok: false, error: { code: 'ERR_RATE_LIMITED', message: 'Realtime client limit reached', details: { maxClients: 6 }, requestId: full.headers.get('x-request-id') } });
    expect(await health()).toMatchObject({ clients: 6, rooms: 1, source: { connected: true, lastCursor: expect.any(Number) }, modes: { transport } });
    for (const client of held) client.close();
    const missing = await fetch(`${app.baseUrl}/v1/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'ERR_UNSUPPORTED_ACTION', message: 'Route not found' } });
  });
});

describe('GET /v1/stream with API auth', () => {
  let db: TestDatabase;
  let app: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startBuiltApp('realtime', { DATABASE_URL: db.url, REDIS_URL: '', API_AUTH_TOKEN: 'sekret' });
  });

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('rejects a missing token with 401 ERR_FORBIDDEN and accepts the header or the apiKey query', async () => {
    const denied = await fetch(`${app.baseUrl}/v1/stream`);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ ok: false, error: { code: 'ERR_FORBIDDEN', message: 'Unauthorized' } });
    const byHeader = await connectSse(`${app.baseUrl}/v1/stream`, { 'x-api-key': 'sekret' });
    await byHeader.waitFor((frames) => frames.some((frame) => frame.event === 'ready'), 'ready');
    byHeader.close();
    const byQuery = await connectSse(`${app.baseUrl}/v1/stream?apiKey=sekret`);
    expect(byQuery.status).toBe(200);
    byQuery.close();
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  });
});
