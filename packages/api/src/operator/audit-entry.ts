/** An audit entry before it is stored with its `auditSeq` (its event's sequence). */
export interface AuditEntryInput {
  id: string;
  tenantId: string;
  roomId: string;
  operatorId: string;
  action: string;
  targetActorId: string | null;
  reason: string | null;
  metadata: Record<string, unknown>;
  correlationId: string;
  requestId: string;
  /** Only applied actions are logged (a refused one changes nothing). */
  outcome: 'applied';
  eventId: string;
  createdAt: string;
}

/** The AuditEntry resource of docs/api.md#resources. */
export interface AuditEntry extends AuditEntryInput {
  auditSeq: number;
}

export interface AuditRow {
  id: string;
  audit_seq: number | string;
  tenant_id: string;
  room_id: string;
  operator_id: string;
  action: string;
  target_actor_id: string | null;
  reason: string | null;
  metadata: Record<string, unknown>;
  correlation_id: string;
  request_id: string;
  outcome: 'applied';
  event_id: string;
  created_at: Date;
}

export const AUDIT_COLUMNS =
  'id, audit_seq, tenant_id, room_id, operator_id, action, target_actor_id, reason, metadata, correlation_id, request_id, outcome, event_id, created_at';

/** Maps an operator_audit_log row to the wire shape. */
export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    auditSeq: Number(row.audit_seq),
    tenantId: row.tenant_id,
    roomId: row.room_id,
    operatorId: row.operator_id,
    action: row.action,
    targetActorId: row.target_actor_id,
    reason: row.reason,
    metadata: row.metadata ?? {},
    correlationId: row.correlation_id,
    requestId: row.request_id,
    outcome: row.outcome,
    eventId: row.event_id,
    createdAt: row.created_at.toISOString(),
  };
}
