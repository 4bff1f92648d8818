import type { EventEnvelope, RoomProjection } from '@cafe/shared';

export interface RoomFlush {
  /** Rooms rewritten whole: every read model of the room and its fold state. */
  rooms: RoomProjection[];
  /**
   * Changed rooms written in part: the state counters, chat, orders and the presence entries of
   * `actorIds` (the actors whose entry changed or went away). Their snapshot and fold state stay
   * as last written whole, so `resumeFrom` must be before their oldest change.
   */
  partialRooms?: Array<{ room: RoomProjection; actorIds: string[] }>;
  /** Events applied since the last flush, ascending, for the per-room streams. */
  events: EventEnvelope[];
  /** The new checkpoint: every event up to it is in this flush or an earlier one. */
  checkpoint: number;
  /**
   * Where a restart resumes: every room's stored fold state holds every event up to it.
   * Equal to `checkpoint` when every changed room was written whole (the default).
   */
  resumeFrom?: number;
  /** The checkpoint this writer last wrote (or read at start); anything else is a conflict. */
  expectedCheckpoint: number | null;
}

/** On success, the bytes each whole-written room took (keyed by `JSON.stringify([tenantId, roomId])`). */
export type FlushResult = { ok: true; fullBytes: Map<string, number> } | { ok: false; reason: 'conflict'; found: number | null };

/** Where the projector keeps room read models: Redis (`acf:*`), or process memory without Redis. */
export interface RoomModelStore {
  readonly kind: 'redis' | 'memory';
  /**
   * Makes the store this database's (`identity`: DatabaseIdentity.tag): a keyspace stamped
   * with another database's identity (a re-created database, another deployment on the same
   * prefix) is cleared first, so nothing of another event log is read as this one's.
   * `replaced` says that happened.
   */
  claim(identity: string): Promise<'ours' | 'claimed' | 'replaced'>;
  /** The stored checkpoint, or null for an empty keyspace. */
  readCheckpoint(): Promise<number | null>;
  /** Where a restart resumes (see RoomFlush.resumeFrom), or null for an empty keyspace. */
  readResumePosition(): Promise<number | null>;
  /** The longest a changed room may go without a whole write (its presence TTL); Infinity without one. */
  readonly maxPartialAgeMs: number;
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
