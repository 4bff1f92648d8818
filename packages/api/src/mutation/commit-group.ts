import { appendEvents, appendEventsHoldingLock, lockEventAppends, notifyEventAppends, type Sql, type TransactionSql } from '@cafe/db';
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
  work(member: MemberTransaction): Promise<T>;
  /**
   * The member promises to call `writing()` before its first write, so a throw before that
   * call left the transaction as it found it. Only such members share a transaction without
   * savepoints (see `createCommitGroup`); a group with any other member runs one by one.
   */
  marksWrites?: boolean;
}

/** What a member's work is handed: its transaction, and how to write in it cheaply. */
export interface MemberTransaction {
  tx: Sql;
  /** Appends events and the inbox items they create, under the event-append lock. */
  append: Appender;
  /**
   * Runs `run` once for all the calls of one `kind` that the members running side by side
   * make in the same turn of the event loop (else once per call): `run` gets every item and
   * answers one result per item, in order. For writes that are the same statement for every
   * member (one multi-row INSERT instead of one per request).
   */
  together: Together;
  /**
   * Called before the member's first write, when it `marksWrites`: a member that fails before
   * has changed nothing, so its error can be answered while the others commit.
   */
  writing(): void;
}

export type Together = <T, R>(kind: string, item: T, run: (tx: Sql, items: T[]) => Promise<R[]>) => Promise<R>;

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

/** Thrown inside a group transaction to roll it back and run its members one by one. */
class RunOneByOne extends Error {}

/**
 * With `maxSize` 1 every request is its own transaction, run at once and side by side with the
 * others; events are appended by `cafe_append_events`, which holds the append lock for the
 * INSERT only.
 *
 * With `maxSize` > 1, group commit: requests that arrive while a transaction is running wait
 * for the next one and then share it. A group costs one BEGIN, one lock statement and one
 * COMMIT (one WAL flush) however many requests it carries.
 *
 * Locking: the whole group's keys are taken at the start in one sorted statement, then the
 * event-append lock, and all are held until commit. Every writer takes keys before the append
 * lock and keys in sorted order, so no two groups (or a group and a sweeper) can wait on each
 * other in a cycle. Holding the append lock from before the first write to the commit keeps
 * sequence order equal to transaction order, although a group appends more than once.
 *
 * Inside the transaction the members run in waves: a member whose keys another member of the
 * group also needs waits for the wave after that member's, so members that share a key run
 * one after another in arrival order (a duplicate idempotency key finds the first one's record
 * and replays), and the members of one wave, which share no key, run side by side. Their
 * statements then travel together: a wave of sixteen says costs about as many round trips as
 * one say, and their events go out in one append. That is what makes a group cheaper than its
 * members, since on a small machine a round trip costs more CPU (two socket writes, two
 * wake-ups) than the statement it carries.
 *
 * Side by side there are no savepoints, so a failure must not have written: members that mark
 * their first write (`marksWrites`) and fail before it are answered with their error while the
 * others commit. Any other failure, or a transaction Postgres aborted, rolls the whole group
 * back and runs it again one member at a time, each under its own savepoint, so one failure
 * still undoes only its own writes. A group with a member that does not mark its writes runs
 * that way from the start.
 */
export function createCommitGroup(options: { sql: Sql; maxSize: number }): CommitGroup {
  if (options.maxSize <= 1) return createSoloCommits(options.sql);
  const { sql } = options;
  const queue: Pending[] = [];
  let running = false;

  const runGroup = async (group: Pending[]): Promise<Outcome[]> => {
    const members = group.map((pending) => pending.member);
    if (members.length > 1 && members.every((member) => member.marksWrites)) {
      try {
        return await runInWaves(sql, members);
      } catch (error) {
        if (!(error instanceof RunOneByOne)) throw error;
      }
    }
    return runOneByOne(sql, members);
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

/** BEGIN, then every key of the group and the append lock, pipelined ahead of `work`. */
async function inGroupTransaction<T>(sql: Sql, members: readonly GroupMember<unknown>[], work: (tx: Sql, raw: TransactionSql) => Promise<T>): Promise<T> {
  const exclusive = new Set(members.flatMap((member) => member.locks));
  const shared = [...new Set(members.flatMap((member) => member.sharedLocks ?? []))].filter((key) => !exclusive.has(key));
  const keys = orderLockKeys([...exclusive, ...shared]);
  return (await sql.begin(async (raw) => {
    const tx = raw as unknown as Sql;
    // Pipelined: Postgres runs a connection's statements in order, so the append lock is
    // requested only once every key is held.
    await Promise.all([
      tx`select case when k = any(${shared}::text[]) then pg_advisory_xact_lock_shared(hashtextextended(k, 0))
                     else pg_advisory_xact_lock(hashtextextended(k, 0)) end
           from unnest(${keys}::text[]) as k order by k`.execute(),
      lockEventAppends(tx),
    ]);
    const value = await work(tx, raw);
    // Also the proof that Postgres did not abort the transaction on the way: it fails if it did.
    await notifyEventAppends(tx);
    return value;
  })) as T;
}

/** Members one after another, each under its own savepoint (a lone member needs none). */
function runOneByOne(sql: Sql, members: readonly GroupMember<unknown>[]): Promise<Outcome[]> {
  return inGroupTransaction(sql, members, async (tx, raw) => {
    const outcomes: Outcome[] = [];
    for (const member of members) {
      try {
        const value =
          members.length === 1
            ? await member.work(alone(tx))
            : await (raw.savepoint((sp) => member.work(alone(sp as unknown as Sql))) as Promise<unknown>);
        outcomes.push({ ok: true, value });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  });
}

/** Members side by side in waves of members that share no key (see `createCommitGroup`). */
function runInWaves(sql: Sql, members: readonly GroupMember<unknown>[]): Promise<Outcome[]> {
  return inGroupTransaction(sql, members, async (tx) => {
    const outcomes: Outcome[] = new Array(members.length);
    for (const wave of planWaves(members)) {
      const together = batchTogether(tx);
      const append = batchAppends(together);
      const wrote = new Set<number>();
      const settled = await Promise.allSettled(wave.map((index) => members[index]!.work({ tx, append, together, writing: () => wrote.add(index) })));
      settled.forEach((result, position) => {
        const index = wave[position]!;
        if (result.status === 'fulfilled') outcomes[index] = { ok: true, value: result.value };
        else if (wrote.has(index)) throw new RunOneByOne();
        else outcomes[index] = { ok: false, error: result.reason };
      });
    }
    return outcomes;
  });
}

/**
 * Splits a group into waves of member indexes: a member joins the wave after the last earlier
 * member it shares a key with (two shared holds of one key do not conflict).
 */
export function planWaves(members: readonly Pick<GroupMember<unknown>, 'locks' | 'sharedLocks'>[]): number[][] {
  const waves: number[][] = [];
  // Per key: the last wave holding it at all, and the last holding it exclusively.
  const lastAny = new Map<string, number>();
  const lastExclusive = new Map<string, number>();
  members.forEach((member, index) => {
    const shared = (member.sharedLocks ?? []).filter((key) => !member.locks.includes(key));
    let wave = 0;
    for (const key of member.locks) wave = Math.max(wave, (lastAny.get(key) ?? -1) + 1);
    for (const key of shared) wave = Math.max(wave, (lastExclusive.get(key) ?? -1) + 1);
    for (const key of [...member.locks, ...shared]) lastAny.set(key, Math.max(wave, lastAny.get(key) ?? -1));
    for (const key of member.locks) lastExclusive.set(key, wave);
    (waves[wave] ??= []).push(index);
  });
  return waves.filter((wave) => wave !== undefined);
}

/** A member on its own in a transaction that holds the append lock: nothing to batch with. */
function alone(tx: Sql): MemberTransaction {
  return { tx, append: appendHoldingLock(tx), together: (_kind, item, run) => run(tx, [item]).then((results) => results[0]!), writing: noop };
}

/** `together` for one wave: calls of one kind made in the same turn of the event loop share one `run`. */
function batchTogether(tx: Sql): Together {
  type Call = { item: unknown; resolve(result: unknown): void; reject(error: unknown): void };
  const open = new Map<string, { run: (tx: Sql, items: unknown[]) => Promise<unknown[]>; calls: Call[] }>();
  const flush = (kind: string) => {
    const batch = open.get(kind)!;
    open.delete(kind);
    // Inside a promise, so a `run` that throws before it returns one rejects its callers
    // instead of escaping the timer.
    Promise.resolve(batch.calls.map((call) => call.item))
      .then((items) => batch.run(tx, items))
      .then(
        (results) => batch.calls.forEach((call, index) => call.resolve(results[index])),
        (error: unknown) => batch.calls.forEach((call) => call.reject(error)),
      );
  };
  return <T, R>(kind: string, item: T, run: (tx: Sql, items: T[]) => Promise<R[]>) =>
    new Promise<R>((resolve, reject) => {
      let batch = open.get(kind);
      if (!batch) {
        batch = { run: run as (tx: Sql, items: unknown[]) => Promise<unknown[]>, calls: [] };
        open.set(kind, batch);
        setImmediate(() => flush(kind));
      }
      batch.calls.push({ item, resolve: resolve as (result: unknown) => void, reject });
    });
}

/** The appender of one wave: one statement for all the events, one for all their inbox items. */
function batchAppends(together: Together): Appender {
  return (events, inboxItems) =>
    together('append', { events, inboxItems }, async (tx, calls: { events: NewEvent[]; inboxItems: readonly NewInboxItem[] }[]) => {
      const appended = await appendHoldingLock(tx)(
        calls.flatMap((call) => call.events),
        calls.flatMap((call) => call.inboxItems),
      );
      let offset = 0;
      return calls.map((call) => appended.slice(offset, (offset += call.events.length)));
    });
}

const noop = () => {};

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
          member.work({ ...alone(tx), append: (events, inboxItems) => appendEvents(tx, events, inboxItems) }),
        ]);
        return value;
      }) as Promise<T>;
    },
  };
}
