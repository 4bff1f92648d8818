import { createRoomProjection, foldRoomEvent, type EventEnvelope, type RoomProjection } from '@cafe/shared';
import { readLogHead, readLogPage, type RoomModelStore } from '@cafe/bus';
import type { Sql } from '@cafe/db';
import { toRoomCacheKey } from './room-cache';

export interface RebuildOptions {
  sql: Sql;
  store: RoomModelStore;
  /** Events per log read. */
  pageSize?: number;
  /** Stream entries kept per room (the stream's MAXLEN): older ones are not written at all. */
  streamMaxLen: number;
}

export interface RebuildResult {
  events: number;
  rooms: number;
  checkpoint: number;
  /** The settled head when the rebuild started (the checkpoint is at or after it). */
  headAtStart: number;
}

/**
 * Rebuilds every room read model from the event log: clears the store's keys, folds the whole
 * log from sequence 0 and writes all rooms and the checkpoint in one flush. Run it with the
 * projector stopped (or into a fresh prefix): a running projector on the same keyspace notices
 * the new checkpoint and resynchronises, but the two would race while the rebuild runs.
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildResult> {
  const pageSize = options.pageSize ?? 1000;
  const keepPerRoom = Math.max(100, options.streamMaxLen);
  const headAtStart = await readLogHead(options.sql);
  await options.store.clear();
  const rooms = new Map<string, RoomProjection>();
  const recent = new Map<string, EventEnvelope[]>();
  let after = 0;
  let events = 0;
  for (;;) {
    const page = await readLogPage(options.sql, after, undefined, pageSize);
    for (const event of page) {
      const key = toRoomCacheKey(event.tenantId, event.roomId);
      let room = rooms.get(key);
      if (!room) rooms.set(key, (room = createRoomProjection(event.tenantId, event.roomId)));
      if (foldRoomEvent(room, event)) {
        const list = recent.get(key) ?? [];
        list.push(event);
        if (list.length > keepPerRoom * 2) list.splice(0, list.length - keepPerRoom);
        recent.set(key, list);
      }
      events += 1;
    }
    if (page.length > 0) after = page[page.length - 1]!.sequence;
    if (page.length < pageSize) break;
  }
  const streamEvents = [...recent.values()].flatMap((list) => list.slice(-keepPerRoom)).sort((a, b) => a.sequence - b.sequence);
  const result = await options.store.flush({ rooms: [...rooms.values()], events: streamEvents, checkpoint: after, expectedCheckpoint: null });
  if (!result.ok) throw new Error(`another writer changed the keyspace during the rebuild (checkpoint ${String(result.found)})`);
  return { events, rooms: rooms.size, checkpoint: after, headAtStart };
}
