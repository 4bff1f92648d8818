import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendEvents, createPgClient, queryEvents, type Sql } from '@cafe/db';
import type { NewEvent } from '@cafe/shared';
import { createTestDatabase, resetDatabase, type TestDatabase } from '@cafe/testkit';
import { readEventsPage, readMentionsPage, readTimelinePage } from '../src/event-reads/read-event-log';
import { createSettledPageCache } from '../src/event-reads/settled-page-cache';
import { readQueryValues } from '../src/request/query';
import { waitUntilSettled } from './helpers/runtime-for-tests';

let db: TestDatabase;
/** A pool that is closed: any query on it fails, so a read that answers through it was served from memory. */
let closedPool: Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  closedPool = createPgClient(db.url);
  await closedPool.end();
});

afterAll(() => db?.drop());

beforeEach(() => resetDatabase(db.sql));

function say(actorId: string): NewEvent {
  return {
    eventId: randomUUID(),
    tenantId: 'default',
    roomId: 'main',
    actorId,
    type: 'order_changed',
    timestamp: new Date().toISOString(),
    payload: { itemId: 'latte', size: 'm' },
    correlationId: randomUUID(),
    causationId: null,
  };
}

const append = (sql: Sql, count: number, actorId = 'alice') => sql.begin((tx) => appendEvents(tx, Array.from({ length: count }, () => say(actorId))));
const query = (values: Record<string, string>) => readQueryValues(values);
const dataOf = (body: string) => (JSON.parse(body) as { data: { events: { sequence: number }[]; nextCursor: number } }).data;

/** A promise with its resolver outside, to hold a transaction open on purpose. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('settled page cache over the event log (docs/cursors.md#the-event-sequence)', () => {
  it('serves a full ascending page again from memory, byte-equal to the first answer and to Postgres', async () => {
    await append(db.sql, 12);
    await waitUntilSettled(db.sql);
    const pages = createSettledPageCache();
    for (const [read, values] of [
      [readTimelinePage, { limit: '10' }],
      [readEventsPage, { limit: '5', cursor: '3' }],
    ] as const) {
      const first = await read(db.sql, pages, query(values));
      expect(await read(closedPool, pages, query(values))).toBe(first);
      expect(await read(db.sql, createSettledPageCache(), query(values))).toBe(first);
    }
    expect(dataOf(await readTimelinePage(closedPool, pages, query({ limit: '10' }))).events.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('reads a page that is not full, a descending page and a different query from Postgres every time', async () => {
    await append(db.sql, 4);
    await waitUntilSettled(db.sql);
    const pages = createSettledPageCache();
    await readTimelinePage(db.sql, pages, query({ limit: '10' }));
    await readTimelinePage(db.sql, pages, query({ limit: '2', order: 'desc' }));
    await readMentionsPage(db.sql, pages, query({ mentionedActorId: 'bob' }));
    await expect(readTimelinePage(closedPool, pages, query({ limit: '10' }))).rejects.toThrow();
    await expect(readTimelinePage(closedPool, pages, query({ limit: '2', order: 'desc' }))).rejects.toThrow();
    await expect(readTimelinePage(closedPool, pages, query({ limit: '2', roomId: 'other' }))).rejects.toThrow();
    await append(db.sql, 7);
    await waitUntilSettled(db.sql);
    expect(dataOf(await readTimelinePage(db.sql, pages, query({ limit: '10' }))).events).toHaveLength(10);
  });

  it('does not remember a page while an earlier sequence is still being written, and shows it once committed', async () => {
    await append(db.sql, 1, 'first');
    await waitUntilSettled(db.sql);
    const hold = gate();
    const appendedLow = gate();
    const slow = db.sql.begin(async (tx) => {
      await appendEvents(tx, [say('slow')]);
      appendedLow.open();
      await hold.promise;
    });
    await appendedLow.promise;
    await append(db.sql, 1, 'fast');
    const pages = createSettledPageCache();
    // Settled: only `first`. A page of two is not full yet, so it is not remembered.
    expect(dataOf(await readTimelinePage(db.sql, pages, query({ limit: '2' }))).events).toHaveLength(1);
    hold.open();
    await slow;
    await waitUntilSettled(db.sql);
    const page = dataOf(await readTimelinePage(db.sql, pages, query({ limit: '2' })));
    expect(page.events.map((event) => (event as unknown as { actorId: string }).actorId)).toEqual(['first', 'slow']);
  });

  it('a reader following nextCursor through the cache under concurrent writers gets every event exactly once, in order', async () => {
    const WRITERS = 5;
    const PER_WRITER = 16;
    const pages = createSettledPageCache();
    const seen: number[] = [];
    const visited: number[] = [];
    let cursor = 0;
    let writing = true;
    const reader = (async () => {
      for (;;) {
        const finished = !writing;
        visited.push(cursor);
        const page = dataOf(await readEventsPage(db.sql, pages, query({ cursor: String(cursor), limit: '3' })));
        seen.push(...page.events.map((event) => event.sequence));
        cursor = page.nextCursor;
        if (page.events.length === 0) {
          if (finished) return;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }
    })();
    const committed: number[] = [];
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        for (let i = 0; i < PER_WRITER; i += 1) {
          const events = await db.sql.begin(async (tx) => {
            const appended = await appendEvents(tx, [say(`w${writer}`), say(`w${writer}`)]);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
            return appended;
          });
          committed.push(...events.map((event) => event.sequence));
        }
      }),
    );
    writing = false;
    await reader;
    expect(seen).toEqual([...committed].sort((a, b) => a - b));
    // Every page the reader was served, read again now from the cache, is what Postgres shows.
    for (const at of visited) {
      const cached = dataOf(await readEventsPage(db.sql, pages, query({ cursor: String(at), limit: '3' })));
      const fresh = await queryEvents(db.sql, { order: 'asc', cursor: at, limit: 3 });
      expect(cached.events).toEqual(fresh);
    }
  });
});
