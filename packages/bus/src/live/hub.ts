import type { EventEnvelope } from '@cafe/shared';
import { getFilterRoomKey, toRoomKey } from '../filter';
import type { EventFilter } from '../port';
import type { EventHistory } from './history';

/** Receives every live batch for its room (or all batches when not pinned to a room). */
export type HubListener = (events: EventEnvelope[]) => void;

export interface LiveHub {
  /** The last sequence delivered live; every settled event up to it has been delivered. */
  readonly position: number;
  readonly lastEventAt: string | null;
  readonly started: boolean;
  /** Sets the start position (the settled head when the feed starts). */
  start(position: number): void;
  /**
   * Fans a batch out in order. Events at or below the position are dropped, which makes
   * redeliveries from Redis and Postgres fallbacks harmless.
   */
  deliver(events: EventEnvelope[]): void;
  addListener(listener: HubListener, filter: EventFilter | undefined): () => void;
  listenerCount(): number;
}

function groupByRoom(events: EventEnvelope[]): Map<string, EventEnvelope[]> {
  const groups = new Map<string, EventEnvelope[]>();
  for (const event of events) {
    const key = toRoomKey(event.tenantId, event.roomId);
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  return groups;
}

/**
 * The in-process fan-out point of one transport: the live source pushes batches in, the
 * history remembers them, listeners indexed by room get them synchronously. One hub per
 * process, whatever the number of subscribers.
 */
export function createLiveHub(history: EventHistory, onListenerError: (error: unknown) => void): LiveHub {
  let position = 0;
  let lastEventAt: string | null = null;
  let started = false;
  const byRoom = new Map<string, Set<HubListener>>();
  const wide = new Set<HubListener>();
  let count = 0;

  const call = (listener: HubListener, events: EventEnvelope[]) => {
    try {
      listener(events);
    } catch (error) {
      // One broken subscriber must not stop delivery to the others.
      onListenerError(error);
    }
  };

  return {
    get position() {
      return position;
    },
    get lastEventAt() {
      return lastEventAt;
    },
    get started() {
      return started;
    },
    start(at) {
      position = at;
      started = true;
      history.reset(at);
    },
    deliver(events) {
      const fresh = events.filter((event) => event.sequence > position);
      if (fresh.length === 0) return;
      for (let i = 1; i < fresh.length; i += 1) {
        if (fresh[i]!.sequence <= fresh[i - 1]!.sequence) throw new Error('live batch out of order');
      }
      position = fresh[fresh.length - 1]!.sequence;
      lastEventAt = new Date().toISOString();
      history.append(fresh);
      if (byRoom.size > 0) {
        for (const [key, group] of groupByRoom(fresh)) {
          const listeners = byRoom.get(key);
          if (listeners) for (const listener of [...listeners]) call(listener, group);
        }
      }
      for (const listener of [...wide]) call(listener, fresh);
    },
    addListener(listener, filter) {
      const key = getFilterRoomKey(filter);
      count += 1;
      if (key === null) {
        wide.add(listener);
        return () => {
          if (wide.delete(listener)) count -= 1;
        };
      }
      let set = byRoom.get(key);
      if (!set) byRoom.set(key, (set = new Set()));
      set.add(listener);
      return () => {
        if (!set.delete(listener)) return;
        count -= 1;
        if (set.size === 0 && byRoom.get(key) === set) byRoom.delete(key);
      };
    },
    listenerCount: () => count,
  };
}
