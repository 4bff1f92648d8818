import type { EventEnvelope, RoomProjection } from '@cafe/shared';

export interface RoomFlush {
  /** Rooms changed since the last flush (their full state is rewritten). */
  rooms: RoomProjection[];
  /** Events applied since the last flush, ascending, for the per-room streams. */
  events: EventEnvelope[];
  /** The new checkpoint: every event up to it is in this flush or an earlier one. */
  checkpoint: number;
  /** The checkpoint this writer last wrote (or read at start); anything else is a conflict. */
  expectedCheckpoint: number | null;
}

export type FlushResult = { ok: true } | { ok: false; reason: 'conflict'; found: number | null };

/** Where the projector keeps room read models: Redis (`acf:*`), or process memory without Redis. */
export interface RoomModelStore {
  readonly kind: 'redis' | 'memory';
  /** The stored checkpoint, or null for an empty keyspace. */
  readCheckpoint(): Promise<number | null>;
  /** A room's stored fold state, or null when the room was never flushed. */
  loadRoom(tenantId: string, roomId: string): Promise<RoomProjection | null>;
  /**
   * Writes the rooms, their stream entries and the checkpoint in one atomic step, unless the
   * stored checkpoint is no longer `expectedCheckpoint` (Redis was wiped or rebuilt, or another
   * projector wrote): then nothing is written and the caller resynchronises.
   */
  flush(flush: RoomFlush): Promise<FlushResult>;
  /** Rooms with stored read models. */
  listRooms(): Promise<Array<{ tenantId: string; roomId: string }>>;
  /** Deletes every read model this store owns (before a rebuild). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
