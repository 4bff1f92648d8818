import type { EventEnvelope } from '@cafe/shared';
import { filterEvents, getFilterRoomKey, toRoomKey } from '../filter';
import type { EventFilter } from '../port';

export interface EventHistoryOptions {
  /** Recent events kept per room (0 disables room history). */
  roomLimit: number;
  /** Recent events kept across all rooms, for filters not pinned to a room (0 disables). */
  globalLimit: number;
  /** Rooms tracked at most; the oldest room is forgotten beyond that. */
  maxRooms: number;
}

interface Ring {
  events: EventEnvelope[];
  /** Every event of this ring's scope with `sequence > coveredFrom` is in `events`. */
  coveredFrom: number;
}

export interface EventHistory {
  /** Forgets everything; coverage starts at `position` (nothing after it has happened yet). */
  reset(position: number): void;
  /** Records events delivered live, ascending and above every recorded sequence. */
  append(events: EventEnvelope[]): void;
  /**
   * The matching events after `after`, or null when memory does not cover that cursor (the
   * caller then reads Postgres). Never returns a partial answer.
   */
  readAfter(after: number, filter: EventFilter | undefined): EventEnvelope[] | null;
}

function pushBounded(ring: Ring, event: EventEnvelope, limit: number): void {
  ring.events.push(event);
  // Trim in chunks so appends stay amortised O(1); coverage moves to the last dropped event.
  if (ring.events.length > limit * 2) {
    const dropped = ring.events.splice(0, ring.events.length - limit);
    ring.coveredFrom = dropped[dropped.length - 1]!.sequence;
  }
}

function sliceAfter(ring: Ring, after: number): EventEnvelope[] {
  let low = 0;
  let high = ring.events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ring.events[mid]!.sequence > after) high = mid;
    else low = mid + 1;
  }
  return ring.events.slice(low);
}

/**
 * Recent-event memory of one live feed: per-room rings and one global ring, each knowing the
 * cursor from which it is complete. Lets most resumes skip Postgres without risking a gap.
 */
export function createEventHistory(options: EventHistoryOptions): EventHistory {
  let start = 0;
  let evictedFloor = 0;
  let position = 0;
  let rooms = new Map<string, Ring>();
  let global: Ring = { events: [], coveredFrom: 0 };

  return {
    reset(at) {
      start = at;
      evictedFloor = at;
      position = at;
      rooms = new Map();
      global = { events: [], coveredFrom: at };
    },
    append(events) {
      for (const event of events) {
        if (event.sequence <= position) continue;
        position = event.sequence;
        if (options.globalLimit > 0) pushBounded(global, event, options.globalLimit);
        else global.coveredFrom = position;
        if (options.roomLimit <= 0) continue;
        const key = toRoomKey(event.tenantId, event.roomId);
        let ring = rooms.get(key);
        if (!ring) {
          ring = { events: [], coveredFrom: Math.max(start, evictedFloor) };
          rooms.set(key, ring);
          if (rooms.size > options.maxRooms) {
            const oldest = rooms.keys().next().value as string;
            rooms.delete(oldest);
            // The forgotten room may have had events up to here: no room is complete below it.
            evictedFloor = position;
          }
        }
        pushBounded(ring, event, options.roomLimit);
      }
    },
    readAfter(after, filter) {
      const roomKey = getFilterRoomKey(filter);
      if (roomKey !== null && options.roomLimit > 0) {
        const ring = rooms.get(roomKey) ?? { events: [], coveredFrom: Math.max(start, evictedFloor) };
        if (after < ring.coveredFrom) return null;
        return filterEvents(sliceAfter(ring, after), filter);
      }
      if (options.globalLimit <= 0 || after < global.coveredFrom) return null;
      return filterEvents(sliceAfter(global, after), filter);
    },
  };
}
