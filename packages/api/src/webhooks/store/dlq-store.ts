import type { Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';

/** A dead-letter entry (docs/api.md#webhook-subscriptions). */
export interface DlqEntry {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  tenantId: string;
  roomId: string | null;
  actorId: string | null;
  payload: EventEnvelope;
  error: string | null;
  status: 'open' | 'resolved';
  replayCount: number;
  replayedAt: string | null;
  lastReplayError: string | null;
  createdAt: string;
}

/** The entry plus the delivery's `webhook-id`, which a replay sends again. */
export type StoredDlqEntry = DlqEntry & { webhookId: string };

const COLUMNS = `id, subscription_id as "subscriptionId", webhook_id as "webhookId", event_id as "eventId", event_type as "eventType",
  tenant_id as "tenantId", room_id as "roomId", actor_id as "actorId", payload, error, status, replay_count as "replayCount",
  replayed_at as "replayedAt", last_replay_error as "lastReplayError", created_at as "createdAt"`;

type Row = Omit<StoredDlqEntry, 'createdAt' | 'replayedAt'> & { createdAt: Date; replayedAt: Date | null };

function toEntry(row: Row): StoredDlqEntry {
  return { ...row, createdAt: new Date(row.createdAt).toISOString(), replayedAt: row.replayedAt ? new Date(row.replayedAt).toISOString() : null };
}

/** Drops the internal column for the wire. */
export function toPublicDlqEntry({ webhookId: _webhookId, ...entry }: StoredDlqEntry): DlqEntry {
  return entry;
}

export async function findDlqEntry(sql: Sql, id: string): Promise<StoredDlqEntry | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await sql<Row[]>`select ${sql.unsafe(COLUMNS)} from webhook_dlq where id = ${id}`;
  return row ? toEntry(row) : null;
}

/** The DLQ, newest first, all tenants. */
export async function listDlqEntries(sql: Sql, limit: number): Promise<StoredDlqEntry[]> {
  const rows = await sql<Row[]>`select ${sql.unsafe(COLUMNS)} from webhook_dlq order by created_at desc, id desc limit ${limit}`;
  return rows.map(toEntry);
}

/** Marks a replay on its entry (docs/api.md#webhook-subscriptions step 5): the entry is updated, never duplicated. */
export async function markDlqReplayed(sql: Sql, id: string, error: string | null): Promise<void> {
  await sql`
    update webhook_dlq set replay_count = replay_count + 1, replayed_at = now(),
           status = ${error === null ? 'resolved' : 'open'}, last_replay_error = ${error}
     where id = ${id}`;
}
