import type { EventEnvelope } from '@cafe/shared';
import { filterEvents, getFilterRoomKey, toRoomKey } from '../filter';
import type { EventFilter } from '../port';
import { measureEventBytes } from './event-bytes';

export interface EventHistoryOptions {
  /** Recent events kept per room (0 disables room history). */
  roomLimit: number;
  /** Recent events kept across all rooms, for filters not pinned to a room (0 disables). */
  globalLimit: number;
  /** Rooms tracked at most; the oldest room is forgotten beyond that. */
  maxRooms: number;
  /**
   * Bytes the whole history may hold (events measured by measureEventBytes, once per ring that
   * holds them); beyond it the oldest events go first, whatever their ring.
   */
  maxBytes: number;
}

export interface EventHistoryStats {
  /** Events held, once per ring that holds them. */
  events: number;
  /** Their bytes, counted the same way (never more than `maxBytes`). */
  bytes: number;
  maxBytes: number;
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
  stats(): EventHistoryStats;
}

/** Array slots dropped from the front are reclaimed once they are this many and half the array. */
const COMPACT_AFTER = 1024;

/**
 * One event held by one ring. The ring and the timeline share the entry; when the ring drops
 * the event the entry lets go of it (`event = null`), so an entry the timeline has not reached
 * yet costs a few bytes, never the event.
 */
interface Entry {
  event: EventEnvelope | null;
  ring: Ring;
}

interface Ring {
  /** `entries[head..]` are held, ascending by sequence; slots before `head` were dropped. */
  entries: Entry[];
  head: number;
  /** Every event of this ring's scope with `sequence > coveredFrom` is held. */
  coveredFrom: number;
}

const newRing = (coveredFrom: number): Ring => ({ entries: [], head: 0, coveredFrom });
const heldCount = (ring: Ring) => ring.entries.length - ring.head;
const isHeld = (entry: Entry) => entry.event !== null;

function compactRing(ring: Ring): void {
  if (ring.head >= COMPACT_AFTER && ring.head * 2 >= ring.entries.length) {
    ring.entries = ring.entries.slice(ring.head);
    ring.head = 0;
  }
}

function sliceAfter(ring: Ring, after: number): EventEnvelope[] {
  let low = ring.head;
  let high = ring.entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ring.entries[mid]!.event!.sequence > after) high = mid;
    else low = mid + 1;
  }
  const events: EventEnvelope[] = [];
  for (let i = low; i < ring.entries.length; i += 1) events.push(ring.entries[i]!.event!);
  return events;
}

/**
 * Recent-event memory of one live feed: per-room rings and one global ring, each knowing the
 * cursor from which it is complete. Lets most resumes skip Postgres without risking a gap.
 * Bounded by count (per ring) and by bytes (across all rings, docs/operations.md#memory-bounds):
 * a timeline of every held event, oldest first, says what goes when a few large events would
 * pass `maxBytes`. Dropping from the front of a ring only moves its coverage, so whatever is
 * answered is still complete.
 */
export function createEventHistory(options: EventHistoryOptions): EventHistory {
  let start = 0;
  let evictedFloor = 0;
  let position = 0;
  let rooms = new Map<string, Ring>();
  let global = newRing(0);
  /** Every entry in arrival order; those before `timelineHead`, or let go, are done with. */
  let timeline: Entry[] = [];
  let timelineHead = 0;
  let heldEntries = 0;
  let bytes = 0;

  const release = (entry: Entry) => {
    bytes -= measureEventBytes(entry.event!);
    heldEntries -= 1;
    entry.event = null;
  };

  /** Drops the oldest `count` events of a ring; its coverage moves to the last one dropped. */
  const dropFront = (ring: Ring, count: number) => {
    for (let i = 0; i < count; i += 1) {
      const entry = ring.entries[ring.head]!;
      ring.head += 1;
      ring.coveredFrom = entry.event!.sequence;
      release(entry);
    }
    compactRing(ring);
  };

  const hold = (ring: Ring, event: EventEnvelope, limit: number) => {
    const entry: Entry = { event, ring };
    ring.entries.push(entry);
    timeline.push(entry);
    bytes += measureEventBytes(event);
    heldEntries += 1;
    // Trim in chunks so appends stay amortised O(1).
    if (heldCount(ring) > limit * 2) dropFront(ring, heldCount(ring) - limit);
  };

  const forgetRoom = (key: string) => {
    const ring = rooms.get(key)!;
    rooms.delete(key);
    for (let i = ring.head; i < ring.entries.length; i += 1) release(ring.entries[i]!);
    // The forgotten room may have had events up to here: no room is complete below it.
    evictedFloor = position;
  };

  const holdInRoom = (event: EventEnvelope) => {
    const key = toRoomKey(event.tenantId, event.roomId);
    let ring = rooms.get(key);
    if (!ring) {
      ring = newRing(Math.max(start, evictedFloor));
      rooms.set(key, ring);
      if (rooms.size > options.maxRooms) forgetRoom(rooms.keys().next().value as string);
    }
    hold(ring, event, options.roomLimit);
  };

  const evictOverBudget = () => {
    while (bytes > options.maxBytes && timelineHead < timeline.length) {
      const entry = timeline[timelineHead]!;
      timelineHead += 1;
      // The oldest entry still held is the front of its ring: everything older is gone.
      if (isHeld(entry)) dropFront(entry.ring, 1);
    }
  };

  const compactTimeline = () => {
    while (timelineHead < timeline.length && !isHeld(timeline[timelineHead]!)) timelineHead += 1;
    // Entries let go by count trims pile up behind an old held one: sweep them out once they
    // outnumber the held ones.
    const entries = timeline.length - timelineHead;
    if (entries > COMPACT_AFTER && entries > heldEntries * 2) {
      timeline = timeline.slice(timelineHead).filter(isHeld);
      timelineHead = 0;
    } else if (timelineHead >= COMPACT_AFTER && timelineHead * 2 >= timeline.length) {
      timeline = timeline.slice(timelineHead);
      timelineHead = 0;
    }
  };

  return {
    reset(at) {
      start = at;
      evictedFloor = at;
      position = at;
      rooms = new Map();
      global = newRing(at);
      timeline = [];
      timelineHead = 0;
      heldEntries = 0;
      bytes = 0;
    },
    append(events) {
      for (const event of events) {
        if (event.sequence <= position) continue;
        position = event.sequence;
        if (options.globalLimit > 0) hold(global, event, options.globalLimit);
        else global.coveredFrom = position;
        if (options.roomLimit > 0) holdInRoom(event);
        evictOverBudget();
      }
      compactTimeline();
    },
    readAfter(after, filter) {
      const roomKey = getFilterRoomKey(filter);
      if (roomKey !== null && options.roomLimit > 0) {
        const ring = rooms.get(roomKey) ?? newRing(Math.max(start, evictedFloor));
        if (after < ring.coveredFrom) return null;
        return filterEvents(sliceAfter(ring, after), filter);
      }
      if (options.globalLimit <= 0 || after < global.coveredFrom) return null;
      return filterEvents(sliceAfter(global, after), filter);
    },
    stats: () => ({ events: heldEntries, bytes, maxBytes: options.maxBytes }),
  };
}
