import type { Sql } from '@cafe/db';
import { ROOM_COLUMNS, toRoom, type Room, type RoomRow, type RoomType } from './room';

/** Reads one room record, or null. */
export async function findRoom(sql: Sql, tenantId: string, roomId: string): Promise<Room | null> {
  const [row] = await sql<RoomRow[]>`
    select ${sql.unsafe(ROOM_COLUMNS)} from rooms where tenant_id = ${tenantId} and room_id = ${roomId}`;
  return row ? toRoom(row) : null;
}

export interface RoomListQuery {
  tenantId: string;
  roomType?: RoomType;
  ownerActorId?: string;
  limit: number;
}

/** Lists a tenant's room records, newest-updated first (docs/api.md#rooms). */
export async function listRooms(sql: Sql, query: RoomListQuery): Promise<Room[]> {
  const rows = await sql<RoomRow[]>`
    select ${sql.unsafe(ROOM_COLUMNS)} from rooms
     where tenant_id = ${query.tenantId}
       ${query.roomType !== undefined ? sql`and room_type = ${query.roomType}` : sql``}
       ${query.ownerActorId !== undefined ? sql`and owner_actor_id = ${query.ownerActorId}` : sql``}
     order by updated_at desc, room_id
     limit ${query.limit}`;
  return rows.map(toRoom);
}

/** Writes a room record (insert or full replace; `createdAt` of an existing row is kept). */
export async function saveRoom(tx: Sql, room: Room): Promise<Room> {
  const [row] = await tx<RoomRow[]>`
    insert into rooms (tenant_id, room_id, room_type, display_name, owner_actor_id, metadata, created_at, updated_at)
    values (${room.tenantId}, ${room.roomId}, ${room.roomType}, ${room.displayName}, ${room.ownerActorId},
            ${JSON.stringify(room.metadata)}::text::jsonb, ${room.createdAt}, ${room.updatedAt})
    on conflict (tenant_id, room_id) do update
       set room_type = excluded.room_type, display_name = excluded.display_name, owner_actor_id = excluded.owner_actor_id,
           metadata = excluded.metadata, updated_at = excluded.updated_at
    returning ${tx.unsafe(ROOM_COLUMNS)}`;
  return toRoom(row!);
}

/** Inserts a room record unless one exists; returns the inserted room or null. */
export async function insertRoomIfAbsent(tx: Sql, room: Room): Promise<Room | null> {
  const [row] = await tx<RoomRow[]>`
    insert into rooms (tenant_id, room_id, room_type, display_name, owner_actor_id, metadata, created_at, updated_at)
    values (${room.tenantId}, ${room.roomId}, ${room.roomType}, ${room.displayName}, ${room.ownerActorId},
            ${JSON.stringify(room.metadata)}::text::jsonb, ${room.createdAt}, ${room.updatedAt})
    on conflict (tenant_id, room_id) do nothing
    returning ${tx.unsafe(ROOM_COLUMNS)}`;
  return row ? toRoom(row) : null;
}
