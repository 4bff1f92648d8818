import type { Sql } from '@cafe/db';
import { TABLE_SESSION_COLUMNS, toTableSession, type SessionStatus, type TableSession, type TableSessionRow } from './table-session';

/** How many of a room's active sessions the gate looks at (docs/private-tables.md#the-gate). */
export const GATE_SESSION_LIMIT = 250;

/** One session, or null. */
export async function findTableSession(sql: Sql, tenantId: string, sessionId: string): Promise<TableSession | null> {
  const [row] = await sql<TableSessionRow[]>`
    select ${sql.unsafe(TABLE_SESSION_COLUMNS)} from table_sessions
     where tenant_id = ${tenantId} and session_id = ${sessionId}::text::uuid`;
  return row ? toTableSession(row) : null;
}

export interface TableSessionListQuery {
  tenantId: string;
  roomId?: string;
  ownerActorId?: string;
  status?: SessionStatus;
  limit: number;
}

/** A tenant's sessions, newest-updated first (docs/private-tables.md#the-pieces). */
export async function listTableSessions(sql: Sql, query: TableSessionListQuery): Promise<TableSession[]> {
  const rows = await sql<TableSessionRow[]>`
    select ${sql.unsafe(TABLE_SESSION_COLUMNS)} from table_sessions
     where tenant_id = ${query.tenantId}
       ${query.roomId !== undefined ? sql`and room_id = ${query.roomId}` : sql``}
       ${query.ownerActorId !== undefined ? sql`and owner_actor_id = ${query.ownerActorId}` : sql``}
       ${query.status !== undefined ? sql`and status = ${query.status}` : sql``}
     order by updated_at desc, session_id
     limit ${query.limit}`;
  return rows.map(toTableSession);
}

/** A room's active sessions (expired or not), newest-updated first: what the gate decides on. */
export async function listActiveRoomSessions(sql: Sql, tenantId: string, roomId: string): Promise<TableSession[]> {
  const rows = await sql<TableSessionRow[]>`
    select ${sql.unsafe(TABLE_SESSION_COLUMNS)} from table_sessions
     where tenant_id = ${tenantId} and room_id = ${roomId} and status = 'active'
     order by updated_at desc, session_id
     limit ${GATE_SESSION_LIMIT}`;
  return rows.map(toTableSession);
}

/** Active sessions of every tenant whose `expiresAt ≤ now`, oldest expiry first (the sweeper's work list). */
export async function listExpiredTableSessions(sql: Sql, now: Date, limit: number): Promise<TableSession[]> {
  const rows = await sql<TableSessionRow[]>`
    select ${sql.unsafe(TABLE_SESSION_COLUMNS)} from table_sessions
     where status = 'active' and expires_at <= ${now}
     order by expires_at, session_id
     limit ${limit}`;
  return rows.map(toTableSession);
}

/** Writes a session (insert, or full replace of its mutable fields). */
export async function saveTableSession(tx: Sql, session: TableSession): Promise<TableSession> {
  const [row] = await tx<TableSessionRow[]>`
    insert into table_sessions (session_id, tenant_id, room_id, owner_actor_id, plan_id, invited_actor_ids, status, started_at,
                                expires_at, ended_at, payment_ref, payment_amount_usd, payment_provider, metadata, created_at, updated_at)
    values (${session.sessionId}::text::uuid, ${session.tenantId}, ${session.roomId}, ${session.ownerActorId}, ${session.planId},
            ${JSON.stringify(session.invitedActorIds)}::text::jsonb, ${session.status}, ${session.startedAt}, ${session.expiresAt},
            ${session.endedAt}, ${session.paymentRef}, ${session.paymentAmountUsd}, ${session.paymentProvider},
            ${JSON.stringify(session.metadata)}::text::jsonb, ${session.createdAt}, ${session.updatedAt})
    on conflict (session_id) do update
       set invited_actor_ids = excluded.invited_actor_ids, status = excluded.status, started_at = excluded.started_at,
           expires_at = excluded.expires_at, ended_at = excluded.ended_at, metadata = excluded.metadata, updated_at = excluded.updated_at
    returning ${tx.unsafe(TABLE_SESSION_COLUMNS)}`;
  return toTableSession(row!);
}

/** Of the given sessions, those still active and expired (re-read under their locks). */
export async function listStillExpiredTableSessions(tx: Sql, sessionIds: string[], now: Date): Promise<TableSession[]> {
  if (sessionIds.length === 0) return [];
  const rows = await tx<TableSessionRow[]>`
    select ${tx.unsafe(TABLE_SESSION_COLUMNS)} from table_sessions
     where session_id = any(${sessionIds}::text[]::uuid[]) and status = 'active' and expires_at <= ${now}
     order by expires_at, session_id`;
  return rows.map(toTableSession);
}

/** Marks sessions ended at `now` (the sweeper, after appending their events). */
export async function markTableSessionsEnded(tx: Sql, sessionIds: string[], now: Date): Promise<void> {
  if (sessionIds.length === 0) return;
  await tx`update table_sessions set status = 'ended', ended_at = ${now}, updated_at = ${now} where session_id = any(${sessionIds}::text[]::uuid[])`;
}
