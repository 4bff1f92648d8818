import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, createPgClient, EVENT_APPEND_LOCK_KEY, type Sql } from '@cafe/db';
import type { NewEvent } from '@cafe/shared';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { createCommitGroup } from '../src/mutation/commit-group';

/**
 * The event-append lock must never outlive the statement that took it. A statement timeout or
 * a `pg_cancel_backend` raises `query_canceled`, which a plpgsql `WHEN OTHERS` handler does not
 * catch; a session lock left behind by it would stay with that pooled connection and block
 * every later append on every other connection.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  // An event by `sleeper` makes its INSERT wait, so a cancel lands while the append holds the lock.
  await db.sql.unsafe(`
    create function test_sleepy_append() returns trigger language plpgsql as $$
    begin
      if new.actor_id = 'sleeper' then perform pg_sleep(30); end if;
      return new;
    end $$;
    create trigger test_sleepy_append before insert on events for each row execute function test_sleepy_append();`);
});
afterAll(async () => {
  await db?.drop();
});

function orderChanged(actorId: string): NewEvent {
  return {
    eventId: randomUUID(),
    tenantId: 'default',
    roomId: 'lock',
    actorId,
    type: 'order_changed',
    timestamp: new Date().toISOString(),
    payload: { itemId: 'latte', size: 'regular' },
    correlationId: randomUUID(),
    causationId: null,
  };
}

/** Sessions of this database holding the append lock (advisory keys are per database). */
async function appendLockHolders(): Promise<number> {
  const [row] = await db.sql<{ n: number }[]>`
    select count(*)::int as n from pg_locks
     where locktype = 'advisory' and granted and classid = 0 and objid = ${EVENT_APPEND_LOCK_KEY} and objsubid = 1
       and database = (select oid from pg_database where datname = current_database())`;
  return row!.n;
}

/** Appends on a connection of its own, giving up (and failing) if the append lock stays taken. */
async function appendOnAnotherConnection(): Promise<number> {
  const other = createPgClient(db.url, { max: 1 });
  try {
    const [event] = await other.begin(async (tx) => {
      await tx`set local lock_timeout = '10s'`;
      return appendEvents(tx, [orderChanged('next')]);
    });
    return event!.sequence;
  } finally {
    await other.end();
  }
}

/** Resolves once `pid` is inside the sleeping INSERT (so it holds the append lock). */
async function waitUntilSleeping(pid: number): Promise<void> {
  for (;;) {
    const [row] = await db.sql<{ sleeping: boolean }[]>`
      select exists (select 1 from pg_stat_activity where pid = ${pid} and wait_event = 'PgSleep') as sleeping`;
    if (row!.sleeping) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

type Cancel = (victim: Sql, pid: number) => Promise<void>;

const cancels: [string, Cancel][] = [
  ['a statement timeout', async (victim) => void (await victim`set statement_timeout = '300ms'`)],
  [
    'pg_cancel_backend',
    async (_victim, pid) => {
      void waitUntilSleeping(pid).then(() => db.sql`select pg_cancel_backend(${pid})`);
    },
  ],
];

describe('the event-append lock', () => {
  it('solo commit: an ordinary error in the INSERT (a duplicate event id) releases it too', async () => {
    const [first] = await db.sql.begin((tx) => appendEvents(tx, [orderChanged('first')]));
    const victim = createPgClient(db.url, { max: 1 });
    try {
      const attempt = victim.begin((tx) => appendEvents(tx, [{ ...orderChanged('again'), eventId: first!.eventId }]));
      await expect(attempt).rejects.toMatchObject({ code: '23505' });
      expect(await appendLockHolders()).toBe(0);
      expect(await appendOnAnotherConnection()).toBeGreaterThan(first!.sequence);
    } finally {
      await victim.end();
    }
  });

  describe.each(cancels)('after %s cancels an append that holds it', (_name, cancel) => {
    it('solo commit (cafe_append_events): the lock is released and an append on another connection completes', async () => {
      const victim = createPgClient(db.url, { max: 1 });
      try {
        const [{ pid }] = await victim<{ pid: number }[]>`select pg_backend_pid() as pid`;
        await cancel(victim, pid);
        const attempt = victim.begin((tx) => appendEvents(tx, [orderChanged('sleeper')]));
        await expect(attempt).rejects.toMatchObject({ code: '57014' });
        // The victim's connection is still open (as a pooled one would be), and holds nothing.
        expect(await appendLockHolders()).toBe(0);
        expect(await appendOnAnotherConnection()).toBeGreaterThan(0);
      } finally {
        await victim.end();
      }
    });

    it('commit group (lockEventAppends): the lock is released and an append on another connection completes', async () => {
      const victim = createPgClient(db.url, { max: 1 });
      try {
        const [{ pid }] = await victim<{ pid: number }[]>`select pg_backend_pid() as pid`;
        await cancel(victim, pid);
        const group = createCommitGroup({ sql: victim, maxSize: 8 });
        const attempt = group.run({ locks: ['lock-test'], work: ({ append }) => append([orderChanged('sleeper')], []) });
        await expect(attempt).rejects.toBeDefined();
        expect(await appendLockHolders()).toBe(0);
        expect(await appendOnAnotherConnection()).toBeGreaterThan(0);
      } finally {
        await victim.end();
      }
    });
  });
});
