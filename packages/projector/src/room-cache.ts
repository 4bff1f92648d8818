import { createRoomProjection, type RoomProjection } from '@cafe/shared';
import type { RoomModelStore } from '@cafe/bus';

export interface RoomCache {
  /** The room's fold state: cached, else loaded from the store, else empty. */
  get(tenantId: string, roomId: string): Promise<RoomProjection>;
  /** Forgets clean rooms beyond `maxRooms` (dirty ones stay until flushed). */
  trim(dirty: Set<string>): void;
  clear(): void;
  readonly size: number;
}

/** The cache key of a room. */
export function toRoomCacheKey(tenantId: string, roomId: string): string {
  return JSON.stringify([tenantId, roomId]);
}

/** Fold states of the rooms the projector touched, loaded lazily from the store. */
export function createRoomCache(store: RoomModelStore, maxRooms: number): RoomCache {
  const rooms = new Map<string, RoomProjection>();
  return {
    async get(tenantId, roomId) {
      const key = toRoomCacheKey(tenantId, roomId);
      const cached = rooms.get(key);
      if (cached) return cached;
      const room = (await store.loadRoom(tenantId, roomId)) ?? createRoomProjection(tenantId, roomId);
      rooms.set(key, room);
      return room;
    },
    trim(dirty) {
      for (const key of rooms.keys()) {
        if (rooms.size <= maxRooms) return;
        if (!dirty.has(key)) rooms.delete(key);
      }
    },
    clear: () => rooms.clear(),
    get size() {
      return rooms.size;
    },
  };
}
