import type { Sql } from '@cafe/db';
import type { NewInboxItem } from './derive-inbox-items';

export interface InboxItem extends NewInboxItem {
  inboxSeq: number;
  sourceEventSequence: number;
  createdAt: string;
  ackedAt: string | null;
  ackedBy: string | null;
}

interface InboxRow {
  inbox_seq: number;
  inbox_id: string;
  tenant_id: string;
  room_id: string;
  actor_id: string;
  source_event_id: string;
  source_event_sequence: number;
  source_event_type: string;
  source_actor_id: string;
  source_event_at: Date;
  thread_id: string | null;
  topic: NewInboxItem['topic'];
  payload: Record<string, unknown>;
  created_at: Date;
  acked_at: Date | null;
  acked_by: string | null;
}

export const INBOX_COLUMNS =
  'inbox_seq, inbox_id, tenant_id, room_id, actor_id, source_event_id, source_event_sequence, source_event_type, source_actor_id, source_event_at, thread_id, topic, payload, created_at, acked_at, acked_by';

/** Maps an inbox_items row to the InboxItem resource (docs/api.md#resources). */
export function toInboxItem(row: InboxRow): InboxItem {
  return {
    inboxSeq: Number(row.inbox_seq),
    inboxId: row.inbox_id,
    tenantId: row.tenant_id,
    roomId: row.room_id,
    actorId: row.actor_id,
    sourceEventId: row.source_event_id,
    sourceEventSequence: Number(row.source_event_sequence),
    sourceEventType: row.source_event_type,
    sourceActorId: row.source_actor_id,
    sourceEventAt: row.source_event_at.toISOString(),
    threadId: row.thread_id,
    topic: row.topic,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    ackedAt: row.acked_at ? row.acked_at.toISOString() : null,
    ackedBy: row.acked_by,
  };
}

export type { InboxRow };

/**
 * Inserts items whose source events this transaction has appended; a duplicate (same recipient
 * and source event) is ignored, so replays are safe. The caller must hold the event-append lock
 * (a commit group does, until commit): `inbox_seq` is then taken in transaction order, which is
 * what keeps the inbox cursor commit-ordered. A lone transaction has `appendEvents` insert its
 * items instead, inside the append's own critical section.
 */
export async function insertInboxItemsHoldingLock(tx: Sql, items: readonly NewInboxItem[]): Promise<InboxItem[]> {
  if (items.length === 0) return [];
  const rows = await tx<InboxRow[]>`
    select ${tx.unsafe(INBOX_COLUMNS)} from cafe_insert_inbox_items(${JSON.stringify(items)}::text::jsonb)`;
  return rows.map(toInboxItem);
}
