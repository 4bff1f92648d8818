export const SESSION_STATUSES = ['active', 'ended'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** The TableSession resource of docs/api.md#resources */
export interface TableSession {
  sessionId: string;
  tenantId: string;
  roomId: string;
  ownerActorId: string;
  planId: string;
  invitedActorIds: string[];
  status: SessionStatus;
  startedAt: string;
  expiresAt: string;
  endedAt: string | null;
  paymentRef: string | null;
  paymentAmountUsd: number;
  paymentProvider: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface TableSessionRow {
  session_id: string;
  tenant_id: string;
  room_id: string;
  owner_actor_id: string;
  plan_id: string | null;
  invited_actor_ids: string[];
  status: string;
  started_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  payment_ref: string | null;
  payment_amount_usd: string;
  payment_provider: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export const TABLE_SESSION_COLUMNS =
  'session_id, tenant_id, room_id, owner_actor_id, plan_id, invited_actor_ids, status, started_at, expires_at, ended_at, payment_ref, payment_amount_usd, payment_provider, metadata, created_at, updated_at';

/** Sessions stored without a plan read back with this one (docs/private-tables.md#the-pieces). */
const UNSET_PLAN_ID = 'cappuccino';

/** Maps a table_sessions row to the wire shape. */
export function toTableSession(row: TableSessionRow): TableSession {
  return {
    sessionId: row.session_id,
    tenantId: row.tenant_id,
    roomId: row.room_id,
    ownerActorId: row.owner_actor_id,
    planId: row.plan_id ?? UNSET_PLAN_ID,
    invitedActorIds: row.invited_actor_ids ?? [],
    status: row.status as SessionStatus,
    startedAt: row.started_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    paymentRef: row.payment_ref,
    paymentAmountUsd: Number(row.payment_amount_usd),
    paymentProvider: row.payment_provider,
    metadata: row.metadata ?? {},
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Whether the actor owns the session or is invited to it. */
export function isSessionMember(session: TableSession, actorId: string): boolean {
  return session.ownerActorId === actorId || session.invitedActorIds.includes(actorId);
}

/** A session is expired once `expiresAt ≤ now` (docs/private-tables.md#the-gate). */
export function isSessionExpired(session: TableSession, now: Date): boolean {
  return Date.parse(session.expiresAt) <= now.getTime();
}
