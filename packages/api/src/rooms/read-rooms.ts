import { CafeError } from '@cafe/shared';
import type { Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import { ROOM_TYPES, toRoomType, type Room } from './room';
import { findRoom, listRooms } from './room-store';

/** One room record or 404 `Room not found`. */
export async function requireRoom(sql: Sql, tenantId: string, roomId: string): Promise<Room> {
  const room = await findRoom(sql, tenantId, roomId);
  if (!room) throw new CafeError('ERR_NOT_FOUND', 'Room not found', { tenantId, roomId });
  return room;
}

/**
 * `GET /v1/rooms` (docs/api.md#rooms): with `roomId` one `{ room }` (404 when absent), else
 * `{ rooms, count }` filtered by `roomType` (validated) and `ownerActorId`.
 */
export async function readRooms(sql: Sql, query: QueryReader, defaultTenantId: string) {
  const tenantId = query.string('tenantId') ?? defaultTenantId;
  const roomId = query.string('roomId');
  const rawType = query.string('roomType');
  const roomType = rawType === undefined ? undefined : toRoomType(rawType);
  if (rawType !== undefined && roomType === undefined) {
    throw new CafeError('ERR_INVALID_ENUM', 'roomType must be one of lobby, private_table', { field: 'roomType', value: rawType, allowed: [...ROOM_TYPES] });
  }
  if (roomId !== undefined) return { room: await requireRoom(sql, tenantId, roomId) };
  const rooms = await listRooms(sql, { tenantId, roomType, ownerActorId: query.string('ownerActorId'), limit: query.int('limit', 200, 1, 1000) });
  return { rooms, count: rooms.length };
}
