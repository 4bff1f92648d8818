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

/**
 * The general event-log read behind `/v1/events`, `/v1/timeline` and `/v1/mentions`. Like
 * `readEventsAfter`, it only returns settled rows (below the snapshot's xmin), so paging by
 * cursor never skips a transaction that commits late.
 */
export async function queryEvents(sql: Sql, options: QueryEventsOptions): Promise<EventEnvelope[]> {
  const { order, cursor, limit, tenantId, roomId, actorId, types, fromTs, toTs, mentionedActorId } = options;
  const rows = await sql<EventRow[]>`
    select ${sql.unsafe(EVENT_COLUMNS)} from events
     where tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ${order === 'asc' ? sql`and sequence > ${cursor}` : cursor > 0 ? sql`and sequence < ${cursor}` : sql``}
       ${tenantId !== undefined ? sql`and tenant_id = ${tenantId}` : sql``}
       ${roomId !== undefined ? sql`and room_id = ${roomId}` : sql``}
       ${actorId !== undefined ? sql`and actor_id = ${actorId}` : sql``}
       ${types && types.length > 0 ? sql`and type = any(${types})` : sql``}
       ${fromTs !== undefined ? sql`and ts >= ${fromTs}` : sql``}
       ${toTs !== undefined ? sql`and ts <= ${toTs}` : sql``}
       ${mentionedActorId !== undefined ? sql`and type = 'mention_created' and payload->>'mentionedActorId' = ${mentionedActorId}` : sql``}
     order by sequence ${order === 'asc' ? sql`asc` : sql`desc`}
     limit ${limit}`;
  return rows.map(toEventEnvelope);
}

/** The sequence of an event id, or null (`afterEventId` resumption). */
export async function findEventSequence(sql: Sql, eventId: string): Promise<number | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId)) return null;
  const [row] = await sql<{ sequence: number }[]>`select sequence from events where event_id = ${eventId}`;
  return row ? Number(row.sequence) : null;
}

/** The highest settled sequence at or below which a scan stopped (for empty filtered pages). */
export async function readSettledHeadAfter(sql: Sql, cursor: number): Promise<number> {
  const [row] = await sql<{ head: number | null }[]>`
    select max(sequence) as head from events where sequence > ${cursor} and tx_id < pg_snapshot_xmin(pg_current_snapshot())`;
  return row?.head ? Number(row.head) : cursor;
}
