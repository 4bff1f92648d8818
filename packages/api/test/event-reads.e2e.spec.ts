import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';
import { readSse } from './helpers/sse';

let db: TestDatabase;
let app: RunningApp;
let api: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '1000000', API_STREAM_HEARTBEAT_MS: '200', ...RELAXED_MODERATION_ENV });
  api = createApiClient(app.baseUrl);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const sequencesOf = (events: { sequence: number }[]) => events.map((e) => e.sequence);

/**
 * Reads only return events below the cluster's oldest running transaction (the commit-ordered
 * cursor), so a read right after a write can briefly miss it while another transaction — in
 * any database of the test server — is still open. Wait until the sequence is readable.
 */
async function waitUntilReadable(sequence: number): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const res = await api.get(`/v1/events?cursor=${sequence - 1}&limit=1`);
    if (res.body.data.count > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`event ${sequence} never became readable`);
}

describe('concurrent writers and resuming readers (docs/architecture.md#the-commit-ordered-cursor)', () => {
  it('8 writers; paging readers and SSE readers resuming from random points see every event once, in order', async () => {
    const room = 'race';
    const writers = 8;
    const perWriter = 25;

    // Readers stop once they have reached the last sequence any writer was acknowledged for:
    // "caught up" is defined by the writes, not by a quiet moment.
    let target = Number.POSITIVE_INFINITY;
    const acknowledged: number[] = [];
    const writerRuns = Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i += 1) {
        const res = await api.post('/v1/commands/say', { actorId: `writer-${w}`, roomId: room, text: `w${w} m${i}` });
        expect(res.status).toBe(202);
        acknowledged.push(...res.body.data.emittedEvents.map((e: { sequence: number }) => e.sequence));
      }
    });

    const pager = async () => {
      const seen: number[] = [];
      let cursor = 0;
      while (cursor < target) {
        const res = await api.get(`/v1/events?roomId=${room}&cursor=${cursor}&limit=7`);
        seen.push(...sequencesOf(res.body.data.events));
        cursor = res.body.data.nextCursor;
        if (res.body.data.count === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return seen;
    };

    const resumingStreamReader = async (seed: number) => {
      const seen: number[] = [];
      let lastId: string | undefined;
      let random = seed;
      const nextRandom = () => (random = (random * 1103515245 + 12345) % 2147483648) % 9;
      while (Number(lastId ?? 0) < target) {
        let quota = 1 + nextRandom();
        await readSse(`${app.baseUrl}/v1/streams/market-events?roomId=${room}`, {
          headers: lastId ? { 'last-event-id': lastId } : {},
          onFrame(frame) {
            if (frame.event === 'heartbeat') return Number(lastId ?? 0) < target;
            if (frame.id === undefined) return true;
            seen.push(Number(frame.id));
            lastId = frame.id;
            quota -= 1;
            return quota > 0 && Number(lastId) < target;
          },
        });
      }
      return seen;
    };

    const readers = [pager(), pager(), resumingStreamReader(7), resumingStreamReader(99), resumingStreamReader(12345)];
    await Promise.all(writerRuns);
    target = Math.max(...acknowledged);
    const results = await Promise.all(readers);

    const all = (await db.sql`select sequence from events where room_id = ${room} order by sequence`).map((r) => Number(r.sequence));
    // Each say is a message and a heartbeat (a first heartbeat changes no status).
    expect(all.length).toBe(writers * perWriter * 2);
    for (const seen of results) {
      expect(seen).toEqual(all);
    }
  }, 120_000);
});

describe('GET /v1/events/poll', () => {
  it('wakes on a matching commit instead of waiting for the timeout', async () => {
    const head = await api.get('/v1/events?cursor=0&limit=5000');
    const cursor = head.body.data.nextCursor;
    const poll = api.get(`/v1/events/poll?roomId=poll-room&cursor=${cursor}&timeoutMs=10000&types=order_changed`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const order = await api.post('/v1/commands/order', { actorId: 'poller', roomId: 'poll-room', itemId: 'mocha' });
    const res = await poll;
    expect(res.status).toBe(200);
    expect(res.body.data.events.map((e: { eventId: string }) => e.eventId)).toEqual([order.body.data.eventId]);
    expect(res.body.data.nextCursor).toBe(order.body.data.sequence);
    expect(res.body.data.waitedMs).toBeLessThan(10000);
    expect(res.body.data.presence).toBeNull();
  });

  it('answers 200 with an empty list at the timeout', async () => {
    const res = await api.get('/v1/events/poll?roomId=quiet-room&cursor=999999&timeoutMs=300');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ events: [], count: 0, nextCursor: 999999, presence: null });
    expect(res.body.data.waitedMs).toBeGreaterThanOrEqual(290);
  });

  it('records an implicit heartbeat for tenant+room+actor, throttled when nothing changed', async () => {
    const q = '/v1/events/poll?tenantId=default&roomId=hb-room&actorId=hb-agent&cursor=0&timeoutMs=0';
    const first = await api.get(q);
    expect(first.body.data.presence).toMatchObject({ refreshed: true, reason: 'updated', presence: { status: 'idle', isActive: true } });
    const second = await api.get(q);
    expect(second.body.data.presence).toMatchObject({ refreshed: false, reason: 'throttled' });
    const busy = await api.get(`${q}&status=busy&ttlMs=5000`);
    expect(busy.body.data.presence).toMatchObject({ refreshed: true, presence: { status: 'busy', ttlMs: 5000 } });
    const none = await api.get(`${q}&heartbeat=false`);
    expect(none.body.data.presence).toBeNull();
  });

  it('rejects an unknown status even without an actor', async () => {
    const res = await api.get('/v1/events/poll?status=sleepy&timeoutMs=0');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'ERR_INVALID_ENUM', details: { field: 'status' } });
  });
});

describe('event log reads', () => {
  it('GET /v1/events filters by author, type and room, resumes after an event id, caps the limit', async () => {
    const a = await api.post('/v1/commands/order', { actorId: 'reader-a', roomId: 'reads', itemId: 'tea' });
    const b = await api.post('/v1/commands/order', { actorId: 'reader-b', roomId: 'reads', itemId: 'tea' });
    await waitUntilReadable(Math.max(...b.body.data.emittedEvents.map((e: { sequence: number }) => e.sequence)));
    const byAuthor = await api.get('/v1/events?roomId=reads&actorId=reader-a');
    expect(byAuthor.body.data.events.every((e: { actorId: string }) => e.actorId === 'reader-a')).toBe(true);
    const byType = await api.get('/v1/events?roomId=reads&types=order_changed, presence_heartbeat');
    expect(new Set(byType.body.data.events.map((e: { type: string }) => e.type))).toEqual(new Set(['order_changed', 'presence_heartbeat']));
    const after = await api.get(`/v1/events?roomId=reads&afterEventId=${a.body.data.eventId}`);
    expect(after.body.data.events[0].sequence).toBeGreaterThan(a.body.data.sequence);
    const empty = await api.get('/v1/events?roomId=nowhere&cursor=17');
    expect(empty.body.data).toEqual({ events: [], count: 0, nextCursor: 17 });
  });

  it('GET /v1/timeline reads descending with time bounds and rejects bad timestamps', async () => {
    const desc = await api.get('/v1/timeline?roomId=reads&order=desc&limit=2');
    expect(desc.body.data.order).toBe('desc');
    const seqs = sequencesOf(desc.body.data.events);
    expect(seqs[0]).toBeGreaterThan(seqs[1]!);
    const older = await api.get(`/v1/timeline?roomId=reads&order=desc&cursor=${seqs[1]}`);
    expect(sequencesOf(older.body.data.events).every((s) => s < seqs[1]!)).toBe(true);
    const future = await api.get('/v1/timeline?roomId=reads&fromTs=2999-01-01T00:00:00Z');
    expect(future.body.data).toMatchObject({ count: 0, fromTs: '2999-01-01T00:00:00Z', toTs: null });
    const bad = await api.get('/v1/timeline?fromTs=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'ERR_VALIDATION', details: { field: 'fromTs', value: 'yesterday' } });
  });

  it('GET /v1/mentions filters by the mentioned actor inside the query and advances past other mentions', async () => {
    await api.post('/v1/commands/say', { actorId: 'm-speaker', roomId: 'mentions', text: '@other1 @other2 hello' });
    const said = await api.post('/v1/commands/say', { actorId: 'm-speaker', roomId: 'mentions', text: 'ping @target' });
    await waitUntilReadable(said.body.data.emittedEvents[1].sequence);
    const mine = await api.get('/v1/mentions?roomId=mentions&mentionedActorId=target');
    expect(mine.body.data.mentions.map((m: { payload: { mentionedActorId: string } }) => m.payload.mentionedActorId)).toEqual(['target']);
    expect(mine.body.data.mentions[0].causationId).toBe(said.body.data.eventId);
    const none = await api.get(`/v1/mentions?roomId=mentions&mentionedActorId=nobody&cursor=0`);
    expect(none.body.data.count).toBe(0);
    expect(none.body.data.nextCursor).toBeGreaterThan(0);
  });

  it('the market-events stream starts with ready, honours Last-Event-ID over a lower cursor and sends heartbeats', async () => {
    const res = await api.post('/v1/commands/order', { actorId: 'sse-1', roomId: 'sse', itemId: 'tea' });
    const frames = await readSse(`${app.baseUrl}/v1/events/stream?roomId=sse&cursor=0`, {
      headers: { 'last-event-id': String(res.body.data.sequence) },
      onFrame: (frame) => frame.event !== 'heartbeat',
    });
    expect(frames[0]!.event).toBe('ready');
    expect(JSON.parse(frames[0]!.data)).toEqual({ tenantId: null, roomId: 'sse', actorId: null, cursor: res.body.data.sequence, types: [] });
    const events = frames.filter((f) => f.id !== undefined).map((f) => Number(f.id));
    expect(events.every((s) => s > res.body.data.sequence)).toBe(true);
    const heartbeat = frames[frames.length - 1]!;
    expect(heartbeat.event).toBe('heartbeat');
    expect(JSON.parse(heartbeat.data)).toMatchObject({ cursor: events.length ? events[events.length - 1] : res.body.data.sequence });
  });
});

describe('inbox', () => {
  it('lists mention items, acks one idempotently and bulk-acks by cursor', async () => {
    await api.post('/v1/commands/say', { actorId: 'inbox-speaker', roomId: 'inbox', text: '@reader one' });
    await api.post('/v1/commands/say', { actorId: 'inbox-speaker', roomId: 'inbox', text: '@reader two' });
    await api.post('/v1/commands/say', { actorId: 'inbox-speaker', roomId: 'inbox', text: '@reader three' });
    const list = await api.get('/v1/inbox?actorId=reader&roomId=inbox');
    expect(list.body.data).toMatchObject({ tenantId: 'default', roomId: 'inbox', actorId: 'reader', count: 3, unreadCount: 3, projectedUnreadCount: null, order: 'asc' });
    const [first, second] = list.body.data.items;
    expect(first).toMatchObject({ topic: 'mention', sourceEventType: 'mention_created', sourceActorId: 'inbox-speaker', ackedAt: null, payload: { topic: 'mention', mentionedActorId: 'reader' } });

    const ack = await api.post(`/v1/inbox/${first.inboxId}/ack`, { actorId: 'reader' });
    expect(ack.status).toBe(200);
    expect(ack.body.data).toMatchObject({ changed: true, unreadCount: 2, item: { ackedBy: 'reader' } });
    const again = await api.post(`/v1/inbox/${first.inboxId}/ack`, { actorId: 'reader', ackedBy: 'someone' });
    expect(again.body.data).toMatchObject({ changed: false, item: { ackedBy: 'reader', ackedAt: ack.body.data.item.ackedAt } });

    const bulk = await api.post('/v1/inbox/ack', { actorId: 'reader', roomId: 'inbox', upToCursor: second.inboxSeq });
    expect(bulk.body.data).toMatchObject({ ackedCount: 1, ackedIds: [second.inboxId], unreadCount: 1 });
    const unread = await api.get('/v1/inbox?actorId=reader&unreadOnly=true&order=desc');
    expect(unread.body.data.items).toHaveLength(1);
  });

  it.each([
    ['/v1/inbox/not-a-uuid/ack', { actorId: 'reader' }, 400, 'ERR_VALIDATION'],
    ['/v1/inbox/00000000-0000-4000-8000-000000000000/ack', { actorId: 'reader' }, 404, 'ERR_NOT_FOUND'],
    ['/v1/inbox/00000000-0000-4000-8000-000000000000/ack', {}, 400, 'ERR_MISSING_FIELD'],
    ['/v1/inbox/ack', { actorId: 'reader' }, 400, 'ERR_VALIDATION'],
    ['/v1/inbox/ack', { actorId: 'reader', ids: ['nope'] }, 400, 'ERR_VALIDATION'],
    ['/v1/inbox/ack', { ids: [] }, 400, 'ERR_MISSING_FIELD'],
  ])('POST %s %j → %s %s', async (path, body, status, code) => {
    const res = await api.post(path, body);
    expect([res.status, res.body.error?.code]).toEqual([status, code]);
  });

  it('another recipient cannot ack my item; unknown inbox paths are 404', async () => {
    const list = await api.get('/v1/inbox?actorId=reader&roomId=inbox');
    const res = await api.post(`/v1/inbox/${list.body.data.items[2].inboxId}/ack`, { actorId: 'intruder' });
    expect(res.status).toBe(404);
    const unknown = await api.get('/v1/inbox/whatever');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'ERR_UNSUPPORTED_ACTION']);
  });
});

describe('GET /v1/replay', () => {
  it('folds the recent window of a room into the snapshot the agentcafe client reads', async () => {
    await api.post('/v1/commands/enter', { actorId: 'replayer', roomId: 'replay-room' });
    await api.post('/v1/commands/order', { actorId: 'replayer', roomId: 'replay-room', itemId: 'cappuccino_flow' });
    const said = await api.post('/v1/commands/say', { actorId: 'replayer', roomId: 'replay-room', text: 'hello replay' });
    await waitUntilReadable(said.body.data.sequence);
    const res = await api.get('/v1/replay?roomId=replay-room&minutes=500');
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data).toMatchObject({ tenantId: 'default', roomId: 'replay-room', window: { minutes: 120 } });
    expect(data.count).toBe(data.events.length);
    expect(data.window.startCursor).toBe(data.events[0].sequence);
    expect(data.snapshot.actors).toEqual([expect.objectContaining({ actorId: 'replayer', x: 9, y: 5, lastOrder: expect.objectContaining({ itemId: 'cappuccino_flow' }), theme: null })]);
    expect(data.snapshot.chat[0]).toMatchObject({ actorId: 'replayer', text: 'hello replay', theme: null });
    expect(data.snapshot.conversationContext.actorThemes).toEqual({ replayer: null });
    const empty = await api.get('/v1/replay?roomId=empty-room');
    expect(empty.body.data).toMatchObject({ count: 0, window: { startCursor: null, endCursor: null }, snapshot: { actors: [] } });
  });
});

describe('a fresh subscriber (no cursor, no Last-Event-ID)', () => {
  it('is replayed the newest `limit` matching events, oldest first, then goes live; cursor=0 still pages through everything', async () => {
    const room = 'fresh-tail';
    const sequences: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const res = await api.post('/v1/commands/order', { actorId: `buyer-${i}`, roomId: room, itemId: 'mocha' });
      sequences.push(res.body.data.sequence);
    }
    await waitUntilReadable(Math.max(...sequences));
    const orders = (await api.get(`/v1/events?roomId=${room}&types=order_changed&cursor=0&limit=100`)).body.data.events.map((e: { sequence: number }) => e.sequence);
    expect(orders).toEqual(sequences);

    const readFresh = (query: string, count: number) => {
      const ids: number[] = [];
      let ready: Record<string, unknown> | undefined;
      return readSse(`${app.baseUrl}/v1/streams/market-events?roomId=${room}&types=order_changed&${query}`, {
        onFrame(frame) {
          if (frame.event === 'ready') ready = JSON.parse(frame.data);
          if (frame.id !== undefined) ids.push(Number(frame.id));
          return ids.length < count;
        },
        timeoutMs: 10_000,
      }).then(() => ({ ids, ready }));
    };
    const fresh = await readFresh('limit=5', 5);
    expect(fresh.ids).toEqual(sequences.slice(-5));
    expect(fresh.ready?.cursor).toBe(sequences[sequences.length - 5]! - 1);

    const full = await readFresh('limit=5&cursor=0', 12);
    expect(full.ids).toEqual(sequences);

    // Live delivery continues after the newest page.
    const live = readFresh('limit=2', 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const next = await api.post('/v1/commands/order', { actorId: 'late-buyer', roomId: room, itemId: 'mocha' });
    expect((await live).ids).toEqual([...sequences.slice(-2), next.body.data.sequence]);
  }, 60_000);
});
