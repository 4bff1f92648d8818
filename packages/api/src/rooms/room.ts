export const ROOM_TYPES = ['lobby', 'private_table'] as const;
export type RoomType = (typeof ROOM_TYPES)[number];

/** The Room resource of docs/api.md#resources. */
export interface Room {
  tenantId: string;
  roomId: string;
  roomType: RoomType;
  displayName: string | null;
  ownerActorId: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface RoomRow {
  tenant_id: string;
  room_id: string;
  room_type: string;
  display_name: string | null;
  owner_actor_id: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export const ROOM_COLUMNS = 'tenant_id, room_id, room_type, display_name, owner_actor_id, metadata, created_at, updated_at';

/** Maps a rooms row to the wire shape. */
export function toRoom(row: RoomRow): Room {
  return {
    tenantId: row.tenant_id,
    roomId: row.room_id,
    roomType: row.room_type as RoomType,
    displayName: row.display_name,
    ownerActorId: row.owner_actor_id,
    metadata: row.metadata ?? {},
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A room type (lower-cased, trimmed) or undefined when not one of the two. */
export function toRoomType(value: unknown): RoomType | undefined {
  if (typeof value !== 'string') return undefined;
  const lowered = value.trim().toLowerCase();
  return (ROOM_TYPES as readonly string[]).includes(lowered) ? (lowered as RoomType) : undefined;
}

