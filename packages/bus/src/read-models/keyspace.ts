/**
 * The projector's Redis keyspace (docs/transport.md#projector) plus the keys it needs to resume:
 * the full fold state per room, the projector checkpoint and an index of rooms.
 */
export interface RoomKeys {
  state: string;
  snapshot: string;
  presence: string;
  chat: string;
  orders: string;
  stream: string;
  /** Full fold state (JSON) with its last applied sequence: what a restart resumes from. */
  projection: string;
}

/** Keys of one room under a prefix (`P:room:T:R:*`). */
export function getRoomKeys(prefix: string, tenantId: string, roomId: string): RoomKeys {
  const base = `${prefix}:room:${tenantId}:${roomId}`;
  return {
    state: `${base}:state`,
    snapshot: `${base}:state:snapshot`,
    presence: `${base}:presence`,
    chat: `${base}:chat`,
    orders: `${base}:orders`,
    stream: `${base}:stream`,
    projection: `${base}:projection`,
  };
}

/** The global position up to which every event is flushed into the keyspace. */
export function getCheckpointKey(prefix: string): string {
  return `${prefix}:projector:checkpoint`;
}

/**
 * Where a restart resumes: every room's stored fold state holds every event up to it. Behind
 * the checkpoint while a large room's whole write is still due (docs/transport.md#projector).
 */
export function getResumeKey(prefix: string): string {
  return `${prefix}:projector:resume`;
}

/** The identity of the database whose event log the keyspace holds (docs/operations.md#the-database-identity). */
export function getIdentityKey(prefix: string): string {
  return `${prefix}:projector:identity`;
}

/** A set of `JSON.stringify([tenantId, roomId])` for every projected room. */
export function getRoomIndexKey(prefix: string): string {
  return `${prefix}:projector:rooms`;
}

/** Suffixes of the room keys the projector owns; others (e.g. the API's `inbox:unread`) are not its. */
export const PROJECTOR_ROOM_KEY_SUFFIXES = [':state', ':state:snapshot', ':presence', ':chat', ':orders', ':stream', ':projection'];
