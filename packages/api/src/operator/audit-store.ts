import type { Sql } from '@cafe/db';
import { AUDIT_COLUMNS, toAuditEntry, type AuditEntry, type AuditEntryInput, type AuditRow } from './audit-entry';

/**
 * Appends one audit entry, in the transaction that appended its event. Insert is the only write
 * this module has: the log is append-only, and the database trigger refuses UPDATE, DELETE and
 * TRUNCATE (migration 0005). Its `auditSeq` is its event's sequence, read by the insert: that is
 * commit-ordered already, so the audit cursor is too (docs/cursors.md#inbox-and-audit-cursors).
 */
export async function appendAuditEntry(tx: Sql, entry: AuditEntryInput): Promise<AuditEntry> {
  const [row] = await tx<AuditRow[]>`
    insert into operator_audit_log (id, audit_seq, tenant_id, room_id, operator_id, action, target_actor_id, reason, metadata,
                                    correlation_id, request_id, outcome, event_id, created_at)
    values (${entry.id}, (select sequence from events where event_id = ${entry.eventId}), ${entry.tenantId}, ${entry.roomId},
            ${entry.operatorId}, ${entry.action}, ${entry.targetActorId}, ${entry.reason}, ${JSON.stringify(entry.metadata)}::text::jsonb,
            ${entry.correlationId}, ${entry.requestId}, ${entry.outcome}, ${entry.eventId}, ${entry.createdAt})
    returning ${tx.unsafe(AUDIT_COLUMNS)}`;
  return toAuditEntry(row!);
}

export interface AuditQuery {
  tenantId: string;
  roomId?: string;
  operatorId?: string;
  action?: string;
  /** Inclusive bounds on `createdAt`, ISO. */
  fromTs?: string;
  toTs?: string;
  /** Exclusive `auditSeq` in the direction of `order`; 0 = from the start (or the newest). */
  cursor: number;
  limit: number;
  order: 'asc' | 'desc';
}

/**
 * Reads settled audit entries by filter, paged by `auditSeq` (docs/api.md#operator-overrides-and-audit):
 * only entries whose transaction is below the snapshot's xmin, as for the event log, so paging
 * on with `nextCursor` never passes an entry that commits late.
 */
export async function listAuditEntries(sql: Sql, query: AuditQuery): Promise<AuditEntry[]> {
  const asc = query.order === 'asc';
  const rows = await sql<AuditRow[]>`
    select ${sql.unsafe(AUDIT_COLUMNS)} from operator_audit_log
     where tenant_id = ${query.tenantId}
       and tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ${query.roomId !== undefined ? sql`and room_id = ${query.roomId}` : sql``}
       ${query.operatorId !== undefined ? sql`and operator_id = ${query.operatorId}` : sql``}
       ${query.action !== undefined ? sql`and action = ${query.action}` : sql``}
       ${query.fromTs !== undefined ? sql`and created_at >= ${query.fromTs}` : sql``}
       ${query.toTs !== undefined ? sql`and created_at <= ${query.toTs}` : sql``}
       ${query.cursor > 0 ? (asc ? sql`and audit_seq > ${query.cursor}` : sql`and audit_seq < ${query.cursor}`) : sql``}
     order by audit_seq ${asc ? sql`asc` : sql`desc`}
     limit ${query.limit}`;
  return rows.map(toAuditEntry);
}
