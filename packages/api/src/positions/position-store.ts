import type { Sql } from '@cafe/db';
import type { Position } from '../grid/grid';

/** The actor's last known position in a room, or null when it never had one. */
export async function findPosition(sql: Sql, tenantId: string, roomId: string, actorId: string): Promise<Position | null> {
  const [row] = await sql<{ x: number; y: number }[]>`
    select x, y from actor_positions where tenant_id = ${tenantId} and room_id = ${roomId} and actor_id = ${actorId}`;
  return row ? { x: row.x, y: row.y } : null;
}

/** Records the actor's position (written in the same transaction as the events that move it). */
export async function savePosition(tx: Sql, tenantId: string, roomId: string, actorId: string, position: Position, now: Date): Promise<void> {
  await tx`
    insert into actor_positions (tenant_id, room_id, actor_id, x, y, updated_at)
    values (${tenantId}, ${roomId}, ${actorId}, ${position.x}, ${position.y}, ${now})
    on conflict (tenant_id, room_id, actor_id) do update set x = excluded.x, y = excluded.y, updated_at = excluded.updated_at`;
}
