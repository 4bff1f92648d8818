import type { Sql } from '@cafe/db';
import { toPresenceState, type PresenceRow, type PresenceState } from './presence-state';

const COLUMNS = 'tenant_id, room_id, actor_id, status, last_heartbeat_at, ttl_ms, expires_at, is_active, created_at, updated_at';

/** Reads one actor's presence row in a room, or null. */
export async function findPresence(sql: Sql, tenantId: string, roomId: string, actorId: string): Promise<PresenceState | null> {
  const [row] = await sql<PresenceRow[]>`
    select ${sql.unsafe(COLUMNS)} from presence_states
     where tenant_id = ${tenantId} and room_id = ${roomId} and actor_id = ${actorId}`;
  return row ? toPresenceState(row) : null;
}

/** Writes a presence row (insert or full update; createdAt kept). */
export async function savePresence(tx: Sql, state: PresenceState): Promise<void> {
  await tx`
    insert into presence_states (tenant_id, room_id, actor_id, status, last_heartbeat_at, ttl_ms, expires_at, is_active, created_at, updated_at)
    values (${state.tenantId}, ${state.roomId}, ${state.actorId}, ${state.status}, ${state.lastHeartbeatAt}, ${state.ttlMs},
            ${state.expiresAt}, ${state.isActive}, ${state.createdAt}, ${state.updatedAt})
    on conflict (tenant_id, room_id, actor_id) do update
       set status = excluded.status, last_heartbeat_at = excluded.last_heartbeat_at, ttl_ms = excluded.ttl_ms,
           expires_at = excluded.expires_at, is_active = excluded.is_active, updated_at = excluded.updated_at`;
}

export interface PresenceQuery {
  tenantId: string;
  roomId?: string;
  actorId?: string;
  active?: boolean;
  limit: number;
}

/** Lists presence rows, newest-updated first (docs/api.md#presence). */
export async function listPresence(sql: Sql, query: PresenceQuery): Promise<PresenceState[]> {
  const rows = await sql<PresenceRow[]>`
    select ${sql.unsafe(COLUMNS)} from presence_states
     where tenant_id = ${query.tenantId}
       ${query.roomId !== undefined ? sql`and room_id = ${query.roomId}` : sql``}
       ${query.actorId !== undefined ? sql`and actor_id = ${query.actorId}` : sql``}
       ${query.active !== undefined ? sql`and is_active = ${query.active}` : sql``}
     order by updated_at desc
     limit ${query.limit}`;
  return rows.map(toPresenceState);
}

/** Rows whose TTL has passed and that are not inactive yet (the sweeper's work list). */
export async function listExpiredPresence(sql: Sql, now: Date, limit: number): Promise<PresenceState[]> {
  const rows = await sql<PresenceRow[]>`
    select ${sql.unsafe(COLUMNS)} from presence_states
     where expires_at <= ${now} and status <> 'inactive'
     order by expires_at
     limit ${limit}`;
  return rows.map(toPresenceState);
}

export interface PresenceKey {
  tenantId: string;
  roomId: string;
  actorId: string;
}

const keyArrays = (keys: PresenceKey[]) => [keys.map((k) => k.tenantId), keys.map((k) => k.roomId), keys.map((k) => k.actorId)] as const;

/** Of the given rows, those still expired and not inactive (the sweeper's re-check under locks). */
export async function listStillExpiredPresence(sql: Sql, keys: PresenceKey[], now: Date): Promise<PresenceState[]> {
  if (keys.length === 0) return [];
  const [tenants, rooms, actors] = keyArrays(keys);
  const rows = await sql<PresenceRow[]>`
    select ${sql.unsafe(COLUMNS)} from presence_states
     where (tenant_id, room_id, actor_id) in (select * from unnest(${tenants}::text[], ${rooms}::text[], ${actors}::text[]))
       and expires_at <= ${now} and status <> 'inactive'
     order by expires_at`;
  return rows.map(toPresenceState);
}

/** Marks the given rows inactive (`isActive` false) as of `now`; returns how many changed. */
export async function markPresenceInactive(tx: Sql, keys: PresenceKey[], now: Date): Promise<number> {
  if (keys.length === 0) return 0;
  const [tenants, rooms, actors] = keyArrays(keys);
  const result = await tx`
    update presence_states set status = 'inactive', is_active = false, updated_at = ${now}
     where (tenant_id, room_id, actor_id) in (select * from unnest(${tenants}::text[], ${rooms}::text[], ${actors}::text[]))
       and status <> 'inactive'`;
  return result.count;
}

/** The presence rows of some actors in one room (last-seen joins them by actor). */
export async function listPresenceOfActors(sql: Sql, tenantId: string, roomId: string, actorIds: string[]): Promise<PresenceState[]> {
  if (actorIds.length === 0) return [];
  const rows = await sql<PresenceRow[]>`
    select ${sql.unsafe(COLUMNS)} from presence_states
     where tenant_id = ${tenantId} and room_id = ${roomId} and actor_id = any(${actorIds}::text[])`;
  return rows.map(toPresenceState);
}

/** Seats taken in a room: distinct actors with an active presence row, and whether `actorId` is one of them. */
export async function countSeatedActors(sql: Sql, tenantId: string, roomId: string, actorId: string): Promise<{ activeAgents: number; actorSeated: boolean }> {
  const [row] = await sql<{ active_agents: number; actor_seated: boolean }[]>`
    select count(distinct actor_id)::int as active_agents, coalesce(bool_or(actor_id = ${actorId}), false) as actor_seated
      from presence_states
     where tenant_id = ${tenantId} and room_id = ${roomId} and is_active`;
  return { activeAgents: row!.active_agents, actorSeated: row!.actor_seated };
}
