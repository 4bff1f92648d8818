import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import type { EventEnvelope } from '@cafe/shared';
import { createEventTransport, type EventTransport } from '../src/index';
import { hasUnsettledEvents } from '../src/postgres/event-log';
import { appendCommitted, makeEvent, readWholeLog, waitUntil } from './helpers/events';

let db: TestDatabase;
let transport: EventTransport;

beforeAll(async () => {
  db = await createTestDatabase();
  transport = createEventTransport({ sql: db.sql, pollMs: 200, roomHistoryLimit: 20, globalHistoryLimit: 20 });
  await transport.ready;
});

afterAll(async () => {
  await transport?.close();
  await db?.drop();
});

/** Many concurrent writers, some with multi-event transactions, across two rooms. */
async function writeConcurrently(writers: number, perWriter: number): Promise<void> {
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; i < perWriter; i += 1) {
        const roomId = (writer + i) % 2 === 0 ? 'main' : 'side';
        const batch = i % 3 === 0 ? [makeEvent({ roomId }), makeEvent({ roomId, actorId: 'bob' })] : [makeEvent({ roomId })];
        await appendCommitted(db.sql, batch);
      }
    }),
  );
}

describe('Postgres transport', () => {
  it('reports postgres mode', () => {
    expect(transport.mode).toBe('postgres');
    expect(transport.status().relay).toBeNull();
  });

  it('delivers the backlog and then live events exactly once, in order, under concurrent writers', async () => {
    await writeConcurrently(4, 10);
    const seen: number[] = [];
    let caughtUpAt = -1;
    const subscription = transport.subscribe(
      { after: 0, pageSize: 7 },
      {
        onEvents: (events) => void seen.push(...events.map((event) => event.sequence)),
        onCaughtUp: () => (caughtUpAt = seen.length),
      },
    );
    await writeConcurrently(6, 15);
    const log = await readWholeLog(db.sql);
    await waitUntil(() => seen.length >= log.length, `subscriber saw ${seen.length}/${log.length}`);
    subscription.close();
    expect(seen).toEqual(log);
    expect(caughtUpAt).toBeGreaterThanOrEqual(0);
  });

  it('applies room, author and type filters', async () => {
    const before = await transport.head();
    const got: EventEnvelope[] = [];
    const subscription = transport.subscribe(
      { after: before, filter: { tenantId: 'default', roomId: 'side', actorId: 'bob' } },
      { onEvents: (events) => void got.push(...events) },
    );
    await appendCommitted(db.sql, [makeEvent({ roomId: 'side', actorId: 'bob' }), makeEvent({ roomId: 'main', actorId: 'bob' })]);
    await appendCommitted(db.sql, [makeEvent({ roomId: 'side', actorId: 'carol' }), makeEvent({ roomId: 'side', actorId: 'bob', type: 'actor_moved' })]);
    await waitUntil(() => got.length >= 2, 'filtered events');
    await new Promise((resolve) => setTimeout(resolve, 300));
    subscription.close();
    expect(got.map((event) => [event.roomId, event.actorId, event.type])).toEqual([
      ['side', 'bob', 'order_changed'],
      ['side', 'bob', 'actor_moved'],
    ]);
  });

  it('resumes from a cursor older than the memory window through Postgres', async () => {
    const start = await transport.head();
    for (let i = 0; i < 60; i += 1) await appendCommitted(db.sql, [makeEvent({ roomId: 'resume' })]);
    await waitUntil(() => transport.status().position >= start + 60, 'live feed caught up');
    const seen: number[] = [];
    const subscription = transport.subscribe(
      { after: start, filter: { tenantId: 'default', roomId: 'resume' }, pageSize: 25 },
      { onEvents: (events) => void seen.push(...events.map((event) => event.sequence)) },
    );
    await waitUntil(() => seen.length >= 60, 'resumed backlog');
    subscription.close();
    const rows = await db.sql<{ sequence: number }[]>`select sequence from events where room_id = 'resume' order by sequence`;
    expect(seen).toEqual(rows.map((row) => Number(row.sequence)));
  });

  it('waitForEvents returns pending events at once and otherwise waits for the next commit', async () => {
    const head = await transport.head();
    const timedOut = await transport.waitForEvents({ after: head, timeoutMs: 100 });
    expect(timedOut).toEqual([]);
    const waiting = transport.waitForEvents({ after: head, timeoutMs: 10_000, filter: { roomId: 'poll' } });
    const [appended] = await appendCommitted(db.sql, [makeEvent({ roomId: 'poll' })]);
    const events = await waiting;
    expect(events.map((event) => event.eventId)).toEqual([appended!.eventId]);
    const again = await transport.waitForEvents({ after: head, timeoutMs: 10_000, filter: { roomId: 'poll' } });
    expect(again.map((event) => event.eventId)).toEqual([appended!.eventId]);
  });

  it('waitForEvents resolves with nothing when aborted', async () => {
    const controller = new AbortController();
    const waiting = transport.waitForEvents({ after: await transport.head(), timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    expect(await waiting).toEqual([]);
  });

  it('a worker consumer gets every event after its checkpoint once, retrying a failed batch', async () => {
    const start = await transport.head();
    const handled: number[] = [];
    let failures = 1;
    const consumer = transport.consume({ group: 'test', consumer: 'c1', after: start, batchSize: 5 }, async (events) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('transient');
      }
      handled.push(...events.map((event) => event.sequence));
    });
    await writeConcurrently(3, 5);
    const log = (await readWholeLog(db.sql)).filter((sequence) => sequence > start);
    await waitUntil(() => handled.length >= log.length, `consumer handled ${handled.length}/${log.length}`);
    await consumer.stop();
    expect(handled).toEqual(log);
    expect(consumer.position).toBe(log[log.length - 1]);
  });

  it('asks a tail to re-read soon exactly when a committed event lies past its position', async () => {
    const [event] = await appendCommitted(db.sql, [makeEvent({ roomId: 'settle-check' })]);
    expect(await hasUnsettledEvents(db.sql, event!.sequence)).toBe(false);
    expect(await hasUnsettledEvents(db.sql, event!.sequence - 1)).toBe(true);
  });

  it('reports lag against the settled head', async () => {
    const head = await transport.head();
    const lag = await transport.lag(head - 3);
    expect(lag).toMatchObject({ events: 3, head });
    expect(lag.ms).toBeGreaterThanOrEqual(0);
    expect(await transport.lag(head)).toMatchObject({ events: 0, ms: 0, head });
  });
});
