import type { Sql } from '@cafe/db';
import { PERMISSION_COLUMNS, toPermission, type Permission, type PermissionFlags, type PermissionKey, type PermissionRow } from './permission';

/** Reads one stored permission row, or null (then the defaults apply). */
export async function findPermission(sql: Sql, key: PermissionKey): Promise<Permission | null> {
  const [row] = await sql<PermissionRow[]>`
    select ${sql.unsafe(PERMISSION_COLUMNS)} from actor_permissions
     where tenant_id = ${key.tenantId} and room_id = ${key.roomId} and actor_id = ${key.actorId}`;
  return row ? toPermission(row) : null;
}

export interface PermissionListQuery {
  tenantId: string;
  roomId?: string;
  actorId?: string;
  limit: number;
}

/** Stored (custom) rows of a tenant, newest-updated first (docs/api.md#permissions). */
export async function listPermissions(sql: Sql, query: PermissionListQuery): Promise<Permission[]> {
  const rows = await sql<PermissionRow[]>`
    select ${sql.unsafe(PERMISSION_COLUMNS)} from actor_permissions
     where tenant_id = ${query.tenantId}
       ${query.roomId !== undefined ? sql`and room_id = ${query.roomId}` : sql``}
       ${query.actorId !== undefined ? sql`and actor_id = ${query.actorId}` : sql``}
     order by updated_at desc, room_id, actor_id
     limit ${query.limit}`;
  return rows.map(toPermission);
}

/** Writes the full flag set of one actor in one room; `createdAt` of an existing row is kept. */
export async function savePermission(tx: Sql, key: PermissionKey, flags: PermissionFlags, now: Date): Promise<Permission> {
  const [row] = await tx<PermissionRow[]>`
    insert into actor_permissions (tenant_id, room_id, actor_id, can_move, can_speak, can_order, can_enter_leave, can_moderate, created_at, updated_at)
    values (${key.tenantId}, ${key.roomId}, ${key.actorId}, ${flags.canMove}, ${flags.canSpeak}, ${flags.canOrder},
            ${flags.canEnterLeave}, ${flags.canModerate}, ${now}, ${now})
    on conflict (tenant_id, room_id, actor_id) do update
       set can_move = excluded.can_move, can_speak = excluded.can_speak, can_order = excluded.can_order,
           can_enter_leave = excluded.can_enter_leave, can_moderate = excluded.can_moderate, updated_at = excluded.updated_at
    returning ${tx.unsafe(PERMISSION_COLUMNS)}`;
  return toPermission(row!);
}
