import { readEventsAfter, readSettledHead, type Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';
import type { EventFilter, LogLag } from '../port';

/** Settled events after a cursor, ascending, at most `limit` (the transport's catch-up read). */
export function readLogPage(sql: Sql, after: number, filter: EventFilter | undefined, limit: number): Promise<EventEnvelope[]> {
  return readEventsAfter(sql, { after, limit, ...filter });
}

/** The highest settled sequence. */
export function readLogHead(sql: Sql): Promise<number> {
  return readSettledHead(sql);
}

/**
 * How far `position` is behind the settled head: the number of settled events after it
 * (counted up to `countCap`, so a huge backlog stays cheap) and the age of the oldest one.
 */
export async function readLogLag(sql: Sql, position: number, countCap = 100_000): Promise<LogLag> {
  const [row] = await sql<{ behind: number; oldest: Date | null; head: number | null }[]>`
    with settled as (
      select sequence, ts from events
       where sequence > ${position} and tx_id < pg_snapshot_xmin(pg_current_snapshot())
       order by sequence
       limit ${countCap}
    )
    select (select count(*)::int from settled) as behind,
           (select ts from settled order by sequence limit 1) as oldest,
           (select max(sequence) from events where tx_id < pg_snapshot_xmin(pg_current_snapshot())) as head`;
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return {
    events: Number(row?.behind ?? 0),
    ms: oldest === null ? 0 : Math.max(0, Date.now() - oldest),
    head: Number(row?.head ?? 0),
  };
}

/**
 * True when events after `after` are committed but not settled yet: an older transaction
 * somewhere on the server (any database: the horizon is cluster-wide) is still open. Commit
 * notifications of that transaction may never reach us, so the tail re-reads soon instead of
 * waiting for the next notification or poll.
 *
 * Callers ask right after reading every settled event up to `after`, so any committed event
 * past it is unsettled, or settled since that read: either way worth a prompt re-read. That
 * lets the question be "is the newest committed sequence past `after`", one step down the
 * primary key whatever the plan; a filter on `tx_id` let a generic plan scan the whole log
 * from its start on every commit.
 */
export async function hasUnsettledEvents(sql: Sql, after: number): Promise<boolean> {
  const [row] = await sql<{ newest: string | null }[]>`select max(sequence) as newest from events`;
  return Number(row?.newest ?? 0) > after;
}

/** The current database's name (the default stream key is scoped by it). */
export async function readDatabaseName(sql: Sql): Promise<string> {
  const [row] = await sql<{ name: string }[]>`select current_database() as name`;
  return row!.name;
}
