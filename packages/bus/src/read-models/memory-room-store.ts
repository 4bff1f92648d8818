import type { RoomProjection } from '@cafe/shared';
import { decodeProjection, encodeProjection } from './projection-codec';
import type { RoomModelStore } from './room-store';

/**
 * Room read models in process memory, for a projector without Redis: the fold still runs (lag
 * and health stay meaningful) but nothing outlives the process, which replays from its start
 * cursor on restart. Stored as encoded copies so callers never share mutable state with it.
 */
export function createMemoryRoomStore(): RoomModelStore & { snapshot(): Map<string, RoomProjection> } {
  let checkpoint: number | null = null;
  let resume: number | null = null;
  const rooms = new Map<string, string>();
  const keyOf = (tenantId: string, roomId: string) => JSON.stringify([tenantId, roomId]);
  return {
    kind: 'memory',
    // Process memory never outlives the process, so it always belongs to this database.
    claim: async () => 'ours' as const,
    readCheckpoint: async () => checkpoint,
    readResumePosition: async () => resume,
    // Nothing here expires; partial writes change nothing a reader sees (there are no readers).
    maxPartialAgeMs: Number.POSITIVE_INFINITY,
    loadRoom: async (tenantId, roomId) => {
      const text = rooms.get(keyOf(tenantId, roomId));
      return text === undefined ? null : decodeProjection(text);
    },
    flush: async (flush) => {
      if (flush.expectedCheckpoint !== checkpoint) return { ok: false, reason: 'conflict', found: checkpoint };
      const fullBytes = new Map<string, number>();
      for (const room of flush.rooms) {
        const key = keyOf(room.tenantId, room.roomId);
        const text = encodeProjection(room);
        rooms.set(key, text);
        fullBytes.set(key, text.length);
      }
      checkpoint = flush.checkpoint;
      resume = flush.resumeFrom ?? flush.checkpoint;
      return { ok: true, fullBytes };
    },
    listRooms: async () => [...rooms.keys()].map((key) => {
      const [tenantId, roomId] = JSON.parse(key) as [string, string];
      return { tenantId, roomId };
    }),
    clear: async () => {
      rooms.clear();
      checkpoint = null;
      resume = null;
    },
    close: async () => {},
    snapshot: () => new Map([...rooms.entries()].map(([key, text]) => [key, decodeProjection(text)])),
  };
}
