import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventPayloadError, type NewEvent } from '@cafe/shared';
import { createTestDatabase, resetDatabase, type TestDatabase } from '@cafe/testkit';
import { appendEvents, readEventsAfter, readSettledHead } from '../src/index';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(() => db.drop());

beforeEach(() => resetDatabase(db.sql));

const AT = '2026-02-14T10:30:00.000Z';

/** A valid payload per type these tests append: the test setup checks each one against the catalogue. */
const PAYLOADS: Record<string, Record<string, unknown>> = {
  order_changed: { itemId: 'latte', size: 'regular' },
  agent_entered: { source: 'agent', reason: 'manual_enter', enteredAt: AT, position: { x: 9, y: 5 }, metadata: {} },
  agent_left: { source: 'agent', reason: 'manual_leave', leftAt: AT, forced: false, operatorId: null, metadata: {} },
  actor_moved: { direction: 'N', steps: 1, position: { x: 9, y: 4 } },
};

function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  const type = overrides.type ?? 'order_changed';
  return {
    eventId: randomUUID(),
    tenantId: 'default',
    roomId: 'main',
    actorId: 'agent-1',
    type,
    timestamp: new Date().toISOString(),
    payload: PAYLOADS[type] ?? {},
    correlationId: randomUUID(),
    causationId: null,
    ...overrides,
  };
}

/**
 * Reads until at least `count` events are settled. The xmin horizon is cluster-wide: any
 * transaction on the same server (another test file's, another database's) that began before
 * our commit keeps it invisible until that transaction ends, so a read right after a commit
 * may legitimately come back short.
 */
async function readSettled(options: Parameters<typeof readEventsAfter>[1], count: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await readEventsAfter(db.sql, options);
    if (events.length >= count || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise with its resolver outside, to hold a transaction open on purpose. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('appendEvents', () => {
  it('with the catalogue check on (as in every test run), rejects a payload that does not match its type and writes nothing', async () => {
    const good = newEvent();
    const bad = newEvent({ type: 'order_changed', payload: { itemId: 'latte' } });
    await expect(db.sql.begin((tx) => appendEvents(tx, [good, bad]))).rejects.toThrow(/invalid order_changed event: size/);
    await expect(db.sql.begin((tx) => appendEvents(tx, [newEvent({ type: 'bubble_popped' })]))).rejects.toThrow(EventPayloadError);
    const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from events`;
    expect(row!.count).toBe(0);
  });

  it('assigns increasing sequences in input order and round-trips the envelope', async () => {
    const input = [newEvent({ type: 'agent_entered' }), newEvent({ causationId: 'cause-1' })];
    const appended = await db.sql.begin((tx) => appendEvents(tx, input));
    expect(appended.map((e) => e.eventId)).toEqual(input.map((e) => e.eventId));
    expect(appended[1]!.sequence).toBe(appended[0]!.sequence + 1);

    const read = await readSettled({ after: 0, limit: 10 }, 2);
    expect(read).toEqual(appended);
  });

  it('returns [] for an empty batch without touching the log', async () => {
    expect(await db.sql.begin((tx) => appendEvents(tx, []))).toEqual([]);
    expect(await readSettledHead(db.sql)).toBe(0);
  });

  it('is rejected after another write in the same transaction, and nothing is kept', async () => {
    const attempt = db.sql.begin(async (tx) => {
      await tx`insert into flex_capabilities (capability_id, version, display_name, summary) values ('cap.x', '1', 'X', 'x')`;
      await appendEvents(tx, [newEvent()]);
    });
    await expect(attempt).rejects.toThrow(/must be the first write of its transaction/);
    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from flex_capabilities`;
    expect(n).toBe(0);
    expect(await readSettledHead(db.sql)).toBe(0);
  });

  it('is rejected when called twice in one transaction (append a command\'s events in one call)', async () => {
    const attempt = db.sql.begin(async (tx) => {
      await appendEvents(tx, [newEvent()]);
      await appendEvents(tx, [newEvent()]);
    });
    await expect(attempt).rejects.toThrow(/first write/);
  });

  it('allows other writes after the append in the same transaction', async () => {
    await db.sql.begin(async (tx) => {
      await appendEvents(tx, [newEvent()]);
      await tx`insert into flex_capabilities (capability_id, version, display_name, summary) values ('cap.y', '1', 'Y', 'y')`;
    });
    expect((await readSettled({ after: 0, limit: 10 }, 1)).length).toBe(1);
  });
});

describe('readEventsAfter', () => {
  it('hides a later-committed higher sequence while a lower one is still open, then returns both in order', async () => {
    const hold = gate();
    const appendedLow = gate();
    let low: number | undefined;
    const slow = db.sql.begin(async (tx) => {
      const [event] = await appendEvents(tx, [newEvent({ actorId: 'slow' })]);
      low = event!.sequence;
      appendedLow.open();
      await hold.promise;
    });
    await appendedLow.promise;
    const [fast] = await db.sql.begin((tx) => appendEvents(tx, [newEvent({ actorId: 'fast' })]));
    expect(fast!.sequence).toBeGreaterThan(low!);

    // The fast transaction has committed, but a reader at cursor 0 must not see it yet: it would
    // move its cursor past `low` and never come back for it.
    expect(await readEventsAfter(db.sql, { after: 0, limit: 10 })).toEqual([]);
    expect(await readSettledHead(db.sql)).toBe(0);

    hold.open();
    await slow;
    const settled = await readSettled({ after: 0, limit: 10 }, 2);
    expect(settled.map((e) => [e.sequence, e.actorId])).toEqual([
      [low, 'slow'],
      [fast!.sequence, 'fast'],
    ]);
    expect(await readSettledHead(db.sql)).toBe(fast!.sequence);
  });

  it('never shows a rolled-back append, and later events still flow', async () => {
    await db.sql
      .begin(async (tx) => {
        await appendEvents(tx, [newEvent({ actorId: 'ghost' })]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await db.sql.begin((tx) => appendEvents(tx, [newEvent({ actorId: 'real' })]));
    const read = await readSettled({ after: 0, limit: 10 }, 1);
    expect(read.map((e) => e.actorId)).toEqual(['real']);
  });

  it('filters by tenant, room, actor and types, and honours after and limit', async () => {
    await db.sql.begin((tx) =>
      appendEvents(tx, [
        newEvent({ tenantId: 't1', roomId: 'r1', actorId: 'a', type: 'agent_entered' }),
        newEvent({ tenantId: 't1', roomId: 'r2', actorId: 'b', type: 'actor_moved' }),
        newEvent({ tenantId: 't2', roomId: 'r1', actorId: 'a', type: 'agent_left' }),
        newEvent({ tenantId: 't1', roomId: 'r1', actorId: 'b', type: 'actor_moved' }),
      ]),
    );
    const all = await readSettled({ after: 0, limit: 100 }, 4);
    expect(all).toHaveLength(4);
    const ids = (events: { actorId: string; type: string; tenantId: string; roomId: string }[]) =>
      events.map((e) => `${e.tenantId}/${e.roomId}/${e.actorId}/${e.type}`);
    expect(ids(await readEventsAfter(db.sql, { after: 0, limit: 100, tenantId: 't1', roomId: 'r1' }))).toEqual([
      't1/r1/a/agent_entered',
      't1/r1/b/actor_moved',
    ]);
    expect(ids(await readEventsAfter(db.sql, { after: 0, limit: 100, actorId: 'a' }))).toHaveLength(2);
    expect(ids(await readEventsAfter(db.sql, { after: 0, limit: 100, types: ['actor_moved', 'agent_left'] }))).toHaveLength(3);
    expect(await readEventsAfter(db.sql, { after: all[1]!.sequence, limit: 1 })).toEqual([all[2]]);
  });

  it('gives a tailing reader every event exactly once, in order, under concurrent writers', async () => {
    const WRITERS = 6;
    const PER_WRITER = 20;
    const seen: number[] = [];
    let cursor = 0;
    let writing = true;
    const reader = (async () => {
      for (;;) {
        // Decided before the read: an empty read that started after the last commit is final.
        const finished = !writing;
        const batch = await readEventsAfter(db.sql, { after: cursor, limit: 7 });
        for (const event of batch) {
          seen.push(event.sequence);
          cursor = event.sequence;
        }
        if (batch.length === 0) {
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
            const appended = await appendEvents(tx, [newEvent({ actorId: `w${writer}` }), newEvent({ actorId: `w${writer}` })]);
            // Vary how long each transaction stays open after taking its sequences.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 6));
            return appended;
          });
          committed.push(...events.map((e) => e.sequence));
        }
      }),
    );
    writing = false;
    await reader;
    const expected = [...committed].sort((a, b) => a - b);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(WRITERS * PER_WRITER * 2);
  });
});
