import type { Sql } from '../client';
import type { EventFilter } from './read-events';

/**
 * Where a fresh reader (one with no cursor) starts: just before the newest `limit` settled
 * events that match the filter, so it is replayed those (oldest first) and then goes live. It
 * reads at most `limit` index entries, so a fresh subscriber costs O(limit), not O(history).
 * With no matching event it starts at the settled head. Settled rows all precede unsettled
 * ones in sequence order (the append invariant), so catching up from here misses nothing.
 */
export async function readTailStart(sql: Sql, filter: EventFilter, limit: number): Promise<number> {
  const { tenantId, roomId, actorId, types } = filter;
  const [row] = await sql<{ first: string | null; head: string | null }[]>`
    with newest as (
      select sequence from events
       where tx_id < pg_snapshot_xmin(pg_current_snapshot())
         ${tenantId !== undefined ? sql`and tenant_id = ${tenantId}` : sql``}
         ${roomId !== undefined ? sql`and room_id = ${roomId}` : sql``}
         ${actorId !== undefined ? sql`and actor_id = ${actorId}` : sql``}
         ${types && types.length > 0 ? sql`and type = any(${types})` : sql``}
       order by sequence desc
       limit ${limit})
    select (select min(sequence) from newest) as first,
           (select max(sequence) from events where tx_id < pg_snapshot_xmin(pg_current_snapshot())) as head`;
  if (row?.first != null) return Number(row.first) - 1;
  return Number(row?.head ?? 0);
}
