import type { EventEnvelope } from '@cafe/shared';
import type { Sql } from '../client';
import type { EventFilter } from './read-events';
import { EVENT_COLUMNS, toEventEnvelope, type EventRow } from './row';

export interface QueryEventsOptions extends EventFilter {
  order: 'asc' | 'desc';
  /** Exclusive cursor: ascending reads return `sequence > cursor`, descending `sequence < cursor` (0 = from the newest). */
  cursor: number;
  limit: number;
  /** Inclusive bounds on the event timestamp. */
  fromTs?: string;
  toTs?: string;
  /** Only `mention_created` events whose payload names this actor. */
  mentionedActorId?: string;
}

/** The filter part of `queryEvents`'s WHERE clause (every branch starts with `and`). */
function eventFilter(sql: Sql, options: Omit<QueryEventsOptions, 'order' | 'cursor' | 'limit'>) {
  const { tenantId, roomId, actorId, types, fromTs, toTs, mentionedActorId } = options;
  return sql`
       ${tenantId !== undefined ? sql`and tenant_id = ${tenantId}` : sql``}
       ${roomId !== undefined ? sql`and room_id = ${roomId}` : sql``}
       ${actorId !== undefined ? sql`and actor_id = ${actorId}` : sql``}
       ${types && types.length > 0 ? sql`and type = any(${types})` : sql``}
       ${fromTs !== undefined ? sql`and ts >= ${fromTs}` : sql``}
       ${toTs !== undefined ? sql`and ts <= ${toTs}` : sql``}
       ${mentionedActorId !== undefined ? sql`and type = 'mention_created' and payload->>'mentionedActorId' = ${mentionedActorId}` : sql``}`;
}

/**
 * The general event-log read behind `/v1/events` and `/v1/timeline`. Like `readEventsAfter`, it
 * only returns settled rows (below the snapshot's xmin), so paging by cursor never skips a
 * transaction that commits late.
 */
export async function queryEvents(sql: Sql, options: QueryEventsOptions): Promise<EventEnvelope[]> {
  const { order, cursor, limit } = options;
  const rows = await sql<EventRow[]>`
    select ${sql.unsafe(EVENT_COLUMNS)} from events
     where tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ${order === 'asc' ? sql`and sequence > ${cursor}` : cursor > 0 ? sql`and sequence < ${cursor}` : sql``}
       ${eventFilter(sql, options)}
     order by sequence ${order === 'asc' ? sql`asc` : sql`desc`}
     limit ${limit}`;
  return rows.map(toEventEnvelope);
}

/**
 * An ascending page of `queryEvents` (after `cursor`) and the highest settled sequence after the
 * cursor whatever the filter, read in one statement, so from one snapshot. A filtered reader
 * whose page comes back empty can move on to that head without skipping a match: every settled
 * row up to it was in the snapshot its page was read from. From two snapshots, a match that
 * settled between them would lie below the head and never be read (`/v1/mentions`).
 */
export async function queryEventsAndSettledHead(sql: Sql, options: Omit<QueryEventsOptions, 'order'>): Promise<{ events: EventEnvelope[]; settledHead: number }> {
  const { cursor, limit } = options;
  const rows = await sql<(Partial<EventRow> & { settled_head: number | null })[]>`
    with page as (
      select ${sql.unsafe(EVENT_COLUMNS)} from events
       where tx_id < pg_snapshot_xmin(pg_current_snapshot())
         and sequence > ${cursor}
         ${eventFilter(sql, options)}
       order by sequence
       limit ${limit}),
    head as (
      select max(sequence) as settled_head from events
       where sequence > ${cursor} and tx_id < pg_snapshot_xmin(pg_current_snapshot()))
    select page.*, head.settled_head from head left join page on true
     order by page.sequence`;
  // With an empty page the one row carries the head alone.
  const events = rows.filter((row): row is EventRow & { settled_head: number | null } => row.sequence != null).map(toEventEnvelope);
  return { events, settledHead: Number(rows[0]?.settled_head ?? cursor) };
}

/** The sequence of an event id, or null (`afterEventId` resumption). */
export async function findEventSequence(sql: Sql, eventId: string): Promise<number | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId)) return null;
  const [row] = await sql<{ sequence: number }[]>`select sequence from events where event_id = ${eventId}`;
  return row ? Number(row.sequence) : null;
}
