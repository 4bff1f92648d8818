import { appendEvents, appendEventsHoldingLock, lockEventAppends, notifyEventAppends, type Sql } from '@cafe/db';
import type { EventEnvelope, NewEvent } from '@cafe/shared';
import type { NewInboxItem } from '../inbox/derive-inbox-items';
import { insertInboxItemsHoldingLock } from '../inbox/inbox-store';
import { orderLockKeys } from '../pipeline/keys';

/** One request's share of a group transaction. */
export interface GroupMember<T> {
  /** Advisory-lock keys held exclusively until commit (built by `locks` in pipeline/keys.ts). */
  locks: readonly string[];
  /** Keys held shared until commit (a checked request's room-override state). */
  sharedLocks?: readonly string[];
  /** The request's work inside the transaction; a throw undoes only this member's writes. */
  work(tx: Sql, append: Appender): Promise<T>;
}

/**
 * How a member appends its events and the inbox items they create (both take commit-ordered
 * positions, so both are written under the event-append lock): it depends on whether the
 * member shares its transaction.
 */
export type Appender = (events: NewEvent[], inboxItems: readonly NewInboxItem[]) => Promise<EventEnvelope[]>;

/**
 * The appender of a transaction that holds the append lock until commit: the events and the
 * items go out together (one round trip; Postgres runs them in order, so the items find their
 * events). Both are awaited before an error is passed on, so no statement of a failed member
 * is still in flight when its savepoint is rolled back.
 */
function appendHoldingLock(tx: Sql): Appender {
  return async (events, inboxItems) => {
    const [appended, inserted] = await Promise.allSettled([appendEventsHoldingLock(tx, events), insertInboxItemsHoldingLock(tx, inboxItems)]);
    if (appended.status === 'rejected') throw appended.reason;
    if (inserted.status === 'rejected') throw inserted.reason;
    return appended.value;
  };
}

export interface CommitGroup {
  /** Runs `member` in the next group transaction; resolves (or rejects) only after it commits. */
  run<T>(member: GroupMember<T>): Promise<T>;
}

interface Pending {
  member: GroupMember<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * With `maxSize` 1 every request is its own transaction, run at once and side by side with the
 * others; events are appended by `cafe_append_events`, which holds the append lock for the
 * INSERT only.
 *
 * With `maxSize` > 1, group commit: requests that arrive while a transaction is running wait for the next one and
 * then share it, each under its own savepoint, so one failure undoes only its own writes and
 * the rest still commit. A group costs one BEGIN, one lock statement and one COMMIT (one WAL
 * flush) however many requests it carries.
 *
 * Locking: the whole group's keys are taken at the start in one sorted statement, then the
 * event-append lock, and all are held until commit. Every writer takes keys before the append
 * lock and keys in sorted order, so no two groups (or a group and a sweeper) can wait on each
 * other in a cycle. Holding the append lock from before the first write to the commit keeps
 * sequence order equal to transaction order, although a group appends once per member.
 *
 * Members run one after another in arrival order, so a member sees the writes of those before
 * it: a duplicate idempotency key in the same group finds the first one's record and replays.
 */
export function createCommitGroup(options: { sql: Sql; maxSize: number }): CommitGroup {
  if (options.maxSize <= 1) return createSoloCommits(options.sql);
  const queue: Pending[] = [];
  let running = false;

  const runGroup = async (group: Pending[]): Promise<Outcome[]> => {
    const exclusive = new Set(group.flatMap((pending) => pending.member.locks));
    const shared = new Set(group.flatMap((pending) => pending.member.sharedLocks ?? []).filter((key) => !exclusive.has(key)));
    const keys = orderLockKeys([...exclusive, ...shared]);
    const sharedKeys = [...shared];
    const outcomes: Outcome[] = [];
    await options.sql.begin(async (txRaw) => {
      const tx = txRaw as unknown as Sql;
      // Pipelined: Postgres runs a connection's statements in order, so the append lock is
      // requested only once every key is held.
      await Promise.all([
        tx`select case when k = any(${sharedKeys}::text[]) then pg_advisory_xact_lock_shared(hashtextextended(k, 0))
                       else pg_advisory_xact_lock(hashtextextended(k, 0)) end
             from unnest(${keys}::text[]) as k order by k`.execute(),
        lockEventAppends(tx),
      ]);
      for (const { member } of group) {
        try {
          const value =
            group.length === 1
              ? await member.work(tx, appendHoldingLock(tx))
              : await (txRaw.savepoint((sp) => member.work(sp as unknown as Sql, appendHoldingLock(sp as unknown as Sql))) as Promise<unknown>);
          outcomes.push({ ok: true, value });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      await notifyEventAppends(tx);
    });
    return outcomes;
  };

  const drain = async () => {
    running = true;
    while (queue.length > 0) {
      const group = queue.splice(0, options.maxSize);
      try {
        const outcomes = await runGroup(group);
        group.forEach((pending, index) => {
          const outcome = outcomes[index]!;
          if (outcome.ok) pending.resolve(outcome.value);
          else pending.reject(outcome.error);
        });
      } catch (error) {
        // The transaction itself failed (connection, commit): nothing of it was committed.
        for (const pending of group) pending.reject(error);
      }
    }
    running = false;
  };

  return {
    run<T>(member: GroupMember<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ member: member as GroupMember<unknown>, resolve: resolve as (value: unknown) => void, reject });
        if (!running) void drain();
      });
    },
  };
}

/**
 * One transaction per request: key locks pipelined ahead of the work; the SQL function appends
 * the events and their inbox items in its own short critical section.
 */
function createSoloCommits(sql: Sql): CommitGroup {
  return {
    run<T>(member: GroupMember<T>): Promise<T> {
      const keys = orderLockKeys([...member.locks, ...(member.sharedLocks ?? [])]);
      const shared = [...new Set(member.sharedLocks ?? [])].filter((key) => !member.locks.includes(key));
      return sql.begin(async (txRaw) => {
        const tx = txRaw as unknown as Sql;
        // Advisory locks take no transaction id, so the append stays the first write. The work's
        // first query is pipelined behind the locks: Postgres runs a connection's statements in
        // order, so it still reads only once every key is held.
        const [, value] = await Promise.all([
          tx`select case when k = any(${shared}::text[]) then pg_advisory_xact_lock_shared(hashtextextended(k, 0))
                         else pg_advisory_xact_lock(hashtextextended(k, 0)) end
               from unnest(${keys}::text[]) as k order by k`.execute(),
          member.work(tx, (events, inboxItems) => appendEvents(tx, events, inboxItems)),
        ]);
        return value;
      }) as Promise<T>;
    },
  };
}
