import type { Sql } from '@cafe/db';
import { AUDIT_COLUMNS, toAuditEntry, type AuditEntry, type AuditEntryInput, type AuditRow } from './audit-entry';

/**
 * Appends one audit entry. Insert is the only write this module has: the log is append-only,
 * and the database trigger refuses UPDATE, DELETE and TRUNCATE (migration 0005).
 */
export async function appendAuditEntry(tx: Sql, entry: AuditEntryInput): Promise<AuditEntry> {
  const [row] = await tx<AuditRow[]>`
    insert into operator_audit_log (id, tenant_id, room_id, operator_id, action, target_actor_id, reason, metadata,
                                    correlation_id, request_id, outcome, event_id, created_at)
    values (${entry.id}, ${entry.tenantId}, ${entry.roomId}, ${entry.operatorId}, ${entry.action}, ${entry.targetActorId},
            ${entry.reason}, ${JSON.stringify(entry.metadata)}::text::jsonb, ${entry.correlationId}, ${entry.requestId},
            ${entry.outcome}, ${entry.eventId}, ${entry.createdAt})
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

/** Reads audit entries by filter, paged by `auditSeq` (docs/api.md#operator-overrides-and-audit). */
export async function listAuditEntries(sql: Sql, query: AuditQuery): Promise<AuditEntry[]> {
  const asc = query.order === 'asc';
  const rows = await sql<AuditRow[]>`
    select ${sql.unsafe(AUDIT_COLUMNS)} from operator_audit_log
     where tenant_id = ${query.tenantId}
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
