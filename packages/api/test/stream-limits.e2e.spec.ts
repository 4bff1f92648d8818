import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countQueriesWaitingOnLocks,
  createTestDatabase,
  fetchJson,
  holdTable,
  openDroppableRequest,
  startBuiltApp,
  waitFor,
  waitForQueriesWaitingOnLocks,
  type RunningApp,
  type TestDatabase,
} from '@cafe/testkit';
import { readSse } from './helpers/sse';

// The market-events stream's lifecycle (docs/streams.md#limits-and-disconnects): a client that
// leaves while its stream is set up leaves nothing behind, and the API serves at most
// API_STREAM_MAX_CLIENTS streams at once.

const MAX_STREAMS = 8;
/** A fragment of the fresh subscriber's tail-start query (it waits while the events table is held). */
const TAIL_START_QUERY = 'with newest as';

let db: TestDatabase;
let app: RunningApp;

interface StreamHealth {
  streams: { clients: number; maxClients: number };
  transport: { subscribers: number } | null;
}

const health = async () => (await fetchJson<StreamHealth>(`${app.baseUrl}/healthz`)).body;
const streamUrl = (query = '') => `${app.baseUrl}/v1/streams/market-events${query}`;
/** Reads a stream until `ready`, then leaves. */
const readReady = (query = '') => readSse(streamUrl(query), { onFrame: (frame) => frame.event !== 'ready' });
const waitForIdle = () =>
  waitFor(async () => {
    const body = await health();
    return body.streams.clients === 0 && (body.transport?.subscribers ?? 0) === 0 ? body : undefined;
  }, 15_000, 'no stream and no subscription left');

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', {
    DATABASE_URL: db.url,
    REDIS_URL: '',
    API_RATE_LIMIT_PER_MIN: '1000000',
    API_STREAM_HEARTBEAT_MS: '200',
    API_STREAM_MAX_CLIENTS: String(MAX_STREAMS),
    // Every stream held in setup waits on a pooled connection.
    PG_POOL_MAX: '20',
  });
  // Opens the transport (its start reads the log) before any test holds the events table.
  await readReady();
  await waitForIdle();
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe('a client that leaves while its stream is being set up', () => {
  it('leaves no stream, no subscription and no heartbeat behind, however many times it happens', async () => {
    for (let round = 0; round < 3; round += 1) {
      const held = await holdTable(db.sql, 'events');
      try {
        const clients = Array.from({ length: 5 }, (_, i) => openDroppableRequest(streamUrl(`?roomId=setup-${round}-${i}`)));
        await waitForQueriesWaitingOnLocks(db.sql, TAIL_START_QUERY, clients.length);
        expect((await health()).streams.clients).toBe(clients.length);
        for (const client of clients) client.drop();
        // The registry sees each client leave while its setup still waits on Postgres.
        await waitFor(async () => ((await health()).streams.clients === 0 ? true : undefined), 15_000, 'streams released during setup');
      } finally {
        await held.release();
      }
      // The setups now finish: none of them may subscribe for a client that is gone.
      await waitFor(async () => ((await countQueriesWaitingOnLocks(db.sql, TAIL_START_QUERY)) === 0 ? true : undefined), 15_000, 'setups done');
      await readReady('?roomId=after-setup');
      const after = await waitForIdle();
      expect(after.transport?.subscribers).toBe(0);
    }
  });
});

describe('API_STREAM_MAX_CLIENTS', () => {
  it('answers 503 with retry-after and the error envelope when full, counting streams still being set up', async () => {
    const held = await holdTable(db.sql, 'events');
    const clients = Array.from({ length: MAX_STREAMS }, (_, i) => openDroppableRequest(streamUrl(`?roomId=full-${i}`)));
    try {
      await waitForQueriesWaitingOnLocks(db.sql, TAIL_START_QUERY, MAX_STREAMS);
      const full = await fetch(streamUrl('?roomId=one-too-many'));
      expect(full.status).toBe(503);
      expect(full.headers.get('retry-after')).toBe('1');
      expect(full.headers.get('content-type')).toContain('application/json');
      expect(await full.json()).toMatchObject({
        ok: false,
        error: {
          code: 'ERR_RATE_LIMITED',
          message: 'API stream client limit reached',
          details: { reasonCode: 'API_STREAM_MAX_CLIENTS', maxClients: MAX_STREAMS },
          requestId: full.headers.get('x-request-id'),
        },
      });
      expect((await health()).streams).toEqual({ clients: MAX_STREAMS, maxClients: MAX_STREAMS });
    } finally {
      for (const client of clients) client.drop();
      await held.release();
    }
    await waitForIdle();
    // A freed place is taken again.
    const frames = await readReady('?roomId=again');
    expect(frames.at(-1)?.event).toBe('ready');
  });

  it('counts open streams: one more than the cap is refused until one of them leaves', async () => {
    const open: AbortController[] = [];
    const opened = await Promise.all(
      Array.from({ length: MAX_STREAMS }, async () => {
        const controller = new AbortController();
        open.push(controller);
        const response = await fetch(streamUrl('?roomId=open&cursor=0'), { signal: controller.signal });
        return response.status;
      }),
    );
    try {
      expect(opened).toEqual(Array(MAX_STREAMS).fill(200));
      expect((await fetch(streamUrl('?roomId=open'))).status).toBe(503);
      open.pop()!.abort();
      await waitFor(async () => ((await health()).streams.clients < MAX_STREAMS ? true : undefined), 15_000, 'a place freed');
      const frames = await readReady('?roomId=open');
      expect(frames.at(-1)?.event).toBe('ready');
    } finally {
      for (const controller of open) controller.abort();
    }
    await waitForIdle();
  });
});
