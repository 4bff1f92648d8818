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
import { connectSse } from './helpers/sse-client';

// GET /v1/stream while it is being set up (docs/streams.md#limits-and-disconnects): a fresh
// client's setup reads its start from Postgres; the test holds the events table so the setup
// waits as long as it wants, then lets clients leave or crowd in meanwhile.

const MAX_CLIENTS = 6;
/** A fragment of the fresh client's tail-start query. */
const TAIL_START_QUERY = 'with newest as';

let db: TestDatabase;
let app: RunningApp;

interface RealtimeHealth {
  clients: number;
  source: { subscribers: number };
}

const health = async () => (await fetchJson<RealtimeHealth>(`${app.baseUrl}/healthz`)).body;
const streamUrl = (query: string) => `${app.baseUrl}/v1/stream?${query}`;
const waitForNoClients = () =>
  waitFor(async () => {
    const body = await health();
    return body.clients === 0 && body.source.subscribers === 0 ? body : undefined;
  }, 15_000, 'no client and no subscription left');
const waitForSetupsDone = () =>
  waitFor(async () => ((await countQueriesWaitingOnLocks(db.sql, TAIL_START_QUERY)) === 0 ? true : undefined), 15_000, 'setups done');

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('realtime', {
    DATABASE_URL: db.url,
    REDIS_URL: '',
    BUS_POLL_MS: '200',
    REALTIME_HEARTBEAT_MS: '200',
    REALTIME_MAX_CLIENTS: String(MAX_CLIENTS),
    PG_POOL_MAX: '20',
  });
  // The instance's feed reads the log head when it starts: let it start before the table is held.
  await waitFor(async () => ((await fetchJson<{ source: { connected: boolean } }>(`${app.baseUrl}/healthz`)).body.source.connected ? true : undefined));
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe('GET /v1/stream setup', () => {
  it('a client that leaves during setup leaves no session and no subscription behind, however many times it happens', async () => {
    for (let round = 0; round < 3; round += 1) {
      const held = await holdTable(db.sql, 'events');
      try {
        const clients = Array.from({ length: 5 }, (_, i) => openDroppableRequest(streamUrl(`roomId=setup-${round}-${i}`)));
        await waitForQueriesWaitingOnLocks(db.sql, TAIL_START_QUERY, clients.length);
        expect((await health()).clients).toBe(clients.length);
        for (const client of clients) client.drop();
        // Each client gives its place back while its setup still waits on Postgres.
        await waitFor(async () => ((await health()).clients === 0 ? true : undefined), 15_000, 'places given back during setup');
      } finally {
        await held.release();
      }
      await waitForSetupsDone();
      const probe = await connectSse(streamUrl('roomId=after-setup'));
      await probe.waitFor((frames) => frames.some((frame) => frame.event === 'ready'), 'ready');
      probe.close();
      const after = await waitForNoClients();
      expect(after.source.subscribers).toBe(0);
    }
  });

  it('clients that connect together cannot pass REALTIME_MAX_CLIENTS while their setups wait', async () => {
    const held = await holdTable(db.sql, 'events');
    const crowd = Array.from({ length: MAX_CLIENTS + 3 }, (_, i) => connectSse(streamUrl(`roomId=crowd-${i}`)));
    try {
      await waitForQueriesWaitingOnLocks(db.sql, TAIL_START_QUERY, MAX_CLIENTS);
      // Every client past the cap was answered at once, while the others still wait.
      await waitFor(async () => ((await health()).clients === MAX_CLIENTS ? true : undefined), 15_000, 'the cap held');
    } finally {
      await held.release();
    }
    const clients = await Promise.all(crowd);
    try {
      expect(clients.map((client) => client.status).sort()).toEqual([...Array(MAX_CLIENTS).fill(200), 503, 503, 503]);
      for (const client of clients.filter((c) => c.status === 200)) {
        await client.waitFor((frames) => frames.some((frame) => frame.event === 'ready'), 'ready');
      }
      expect((await health()).clients).toBe(MAX_CLIENTS);
    } finally {
      for (const client of clients) client.close();
    }
    await waitForNoClients();
  });
});
