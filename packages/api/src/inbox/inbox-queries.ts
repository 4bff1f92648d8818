import type { Sql } from '@cafe/db';
import { INBOX_COLUMNS, toInboxItem, type InboxItem, type InboxRow } from './inbox-store';

export interface InboxListQuery {
  tenantId: string;
  roomId?: string;
  actorId?: string;
  unreadOnly: boolean;
  cursor: number;
  limit: number;
  order: 'asc' | 'desc';
}

/**
 * Lists settled inbox items by `inboxSeq` after (asc) or before (desc) the cursor
 * (docs/api.md#inbox). Like the event log, it returns only items whose transaction is below the
 * snapshot's xmin, so a reader paging on with `nextCursor` never passes an item that commits
 * late (docs/cursors.md#inbox-and-audit-cursors).
 */
export async function listInboxItems(sql: Sql, query: InboxListQuery): Promise<InboxItem[]> {
  const asc = query.order === 'asc';
  const rows = await sql<InboxRow[]>`
    select ${sql.unsafe(INBOX_COLUMNS)} from inbox_items
     where tenant_id = ${query.tenantId}
       and tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ${query.roomId !== undefined ? sql`and room_id = ${query.roomId}` : sql``}
       ${query.actorId !== undefined ? sql`and actor_id = ${query.actorId}` : sql``}
       ${query.unreadOnly ? sql`and acked_at is null` : sql``}
       ${asc ? sql`and inbox_seq > ${query.cursor}` : query.cursor > 0 ? sql`and inbox_seq < ${query.cursor}` : sql``}
     order by inbox_seq ${asc ? sql`asc` : sql`desc`}
     limit ${query.limit}`;
  return rows.map(toInboxItem);
}

/** The durable unread count for tenant and optional room/actor (ignores cursors). */
export async function countUnreadInboxItems(sql: Sql, tenantId: string, roomId?: string, actorId?: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from inbox_items
     where tenant_id = ${tenantId} and acked_at is null
       ${roomId !== undefined ? sql`and room_id = ${roomId}` : sql``}
       ${actorId !== undefined ? sql`and actor_id = ${actorId}` : sql``}`;
  return row?.n ?? 0;
}

/** One recipient's item by id, or null (other recipients' items are invisible). */
export async function findInboxItem(sql: Sql, tenantId: string, actorId: string, inboxId: string): Promise<InboxItem | null> {
  const [row] = await sql<InboxRow[]>`
    select ${sql.unsafe(INBOX_COLUMNS)} from inbox_items
     where tenant_id = ${tenantId} and actor_id = ${actorId} and inbox_id = ${inboxId}`;
  return row ? toInboxItem(row) : null;
}

/** Acks one unread item; returns the item as stored afterwards and whether this call changed it. */
export async function ackInboxItem(tx: Sql, tenantId: string, actorId: string, inboxId: string, ackedBy: string, now: Date) {
  const [changed] = await tx<InboxRow[]>`
    update inbox_items set acked_at = ${now}, acked_by = ${ackedBy}
     where tenant_id = ${tenantId} and actor_id = ${actorId} and inbox_id = ${inboxId} and acked_at is null
    returning ${tx.unsafe(INBOX_COLUMNS)}`;
  if (changed) return { item: toInboxItem(changed), changed: true as const };
  const item = await findInboxItem(tx, tenantId, actorId, inboxId);
  return item ? { item, changed: false as const } : null;
}

/**
 * Acks the actor's unread items matching any id or `inboxSeq ≤ upToCursor` (docs/api.md#inbox).
 * The cursor reaches settled items only, the ones a list could have shown: an item still being
 * committed below the cursor stays unread until the reader has listed it.
 */
export async function ackInboxItemsBulk(
  tx: Sql,
  input: { tenantId: string; actorId: string; roomId?: string; ids: string[]; upToCursor?: number; ackedBy: string; now: Date },
): Promise<{ inboxId: string; roomId: string }[]> {
  return tx<{ inboxId: string; roomId: string }[]>`
    update inbox_items set acked_at = ${input.now}, acked_by = ${input.ackedBy}
     where tenant_id = ${input.tenantId} and actor_id = ${input.actorId} and acked_at is null
       ${input.roomId !== undefined ? tx`and room_id = ${input.roomId}` : tx``}
       and (inbox_id = any(${input.ids}::uuid[]) ${input.upToCursor !== undefined ? tx`or (inbox_seq <= ${input.upToCursor} and tx_id < pg_snapshot_xmin(pg_current_snapshot()))` : tx``})
    returning inbox_id as "inboxId", room_id as "roomId"`;
}
