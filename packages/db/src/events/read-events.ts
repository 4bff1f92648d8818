import type { EventEnvelope } from '@cafe/shared';
import type { Sql } from '../client';
import { EVENT_COLUMNS, toEventEnvelope, type EventRow } from './row';

export interface EventFilter {
  tenantId?: string;
  roomId?: string;
  /** Event author. */
  actorId?: string;
  types?: string[];
}

export interface ReadEventsAfterOptions extends EventFilter {
  /** Exclusive lower bound (a sequence). */
  after: number;
  limit: number;
}

/**
 * Reads settled events after a cursor, ascending. Only rows whose transaction is below the
 * snapshot's xmin are returned: every transaction that could still commit a lower sequence is
 * then finished, so a reader resuming from the last sequence it saw never skips one
 * (docs/architecture.md#the-commit-ordered-cursor). Recent commits appear as soon as older writers finish.
 */
export async function readEventsAfter(sql: Sql, options: ReadEventsAfterOptions): Promise<EventEnvelope[]> {
  const { after, limit, tenantId, roomId, actorId, types } = options;
  const rows = await sql<EventRow[]>`
    select ${sql.unsafe(EVENT_COLUMNS)} from events
     where sequence > ${after}
       and tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ${tenantId !== undefined ? sql`and tenant_id = ${tenantId}` : sql``}
       ${roomId !== undefined ? sql`and room_id = ${roomId}` : sql``}
       ${actorId !== undefined ? sql`and actor_id = ${actorId}` : sql``}
       ${types && types.length > 0 ? sql`and type = any(${types})` : sql``}
     order by sequence
     limit ${limit}`;
  return rows.map(toEventEnvelope);
}

/** The highest settled sequence (0 for an empty log): where a live tail starts. */
export async function readSettledHead(sql: Sql): Promise<number> {
  const [row] = await sql<{ head: number | null }[]>`
    select max(sequence) as head from events where tx_id < pg_snapshot_xmin(pg_current_snapshot())`;
  return Number(row?.head ?? 0);
}
