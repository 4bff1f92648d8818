import type { Sql } from '@cafe/db';
import { OVERRIDE_COLUMNS, toOverrideState, type OverrideRow, type OverrideState } from './override-state';

/** Reads a room's stored override state, or null when it never had one. */
export async function findOverrideState(sql: Sql, tenantId: string, roomId: string): Promise<OverrideState | null> {
  const [row] = await sql<OverrideRow[]>`
    select ${sql.unsafe(OVERRIDE_COLUMNS)} from operator_room_overrides where tenant_id = ${tenantId} and room_id = ${roomId}`;
  return row ? toOverrideState(row) : null;
}

/** A tenant's stored override states, newest-updated first (docs/api.md#operator-overrides-and-audit). */
export async function listOverrideStates(sql: Sql, tenantId: string, limit: number): Promise<OverrideState[]> {
  const rows = await sql<OverrideRow[]>`
    select ${sql.unsafe(OVERRIDE_COLUMNS)} from operator_room_overrides where tenant_id = ${tenantId}
     order by updated_at desc, room_id limit ${limit}`;
  return rows.map(toOverrideState);
}

/** Writes a room's full override state (insert or replace; `createdAt` of an existing row kept). */
export async function saveOverrideState(tx: Sql, state: OverrideState): Promise<OverrideState> {
  const [row] = await tx<OverrideRow[]>`
    insert into operator_room_overrides (tenant_id, room_id, room_paused, paused_by, pause_reason, paused_at, resumed_at,
                                         muted_actors, metadata, created_at, updated_at)
    values (${state.tenantId}, ${state.roomId}, ${state.roomPaused}, ${state.pausedBy}, ${state.pauseReason}, ${state.pausedAt},
            ${state.resumedAt}, ${JSON.stringify(state.mutedActors)}::text::jsonb, ${JSON.stringify(state.metadata)}::text::jsonb,
            ${state.createdAt}, ${state.updatedAt})
    on conflict (tenant_id, room_id) do update
       set room_paused = excluded.room_paused, paused_by = excluded.paused_by, pause_reason = excluded.pause_reason,
           paused_at = excluded.paused_at, resumed_at = excluded.resumed_at, muted_actors = excluded.muted_actors,
           metadata = excluded.metadata, updated_at = excluded.updated_at
    returning ${tx.unsafe(OVERRIDE_COLUMNS)}`;
  return toOverrideState(row!);
}
