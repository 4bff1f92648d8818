import type { RoomProjection } from './types';

/** Newest-updated first. */
const newestFirst = (map: Map<string, Record<string, unknown>>) => [...map.values()].reverse();

/**
 * The plain-JSON view of a projection used by `GET /v1/replay` and the projector's snapshot key:
 * threads sorted by `lastMessageAt` descending (threads without one last), participants as arrays.
 */
export function toRoomSnapshot(state: RoomProjection) {
  const threads = [...state.threads.values()]
    .map((thread) => ({ ...thread, participants: [...thread.participants] }))
    .sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? ''));
  return {
    tenantId: state.tenantId,
    roomId: state.roomId,
    actors: [...state.actors.values()].map((actor) => ({ ...actor })),
    pinnedContext: state.pinnedContext,
    chat: [...state.chat],
    localMemory: [...state.localMemory],
    messages: [...state.messages],
    threads,
    tasks: newestFirst(state.tasks),
    sharedObjects: newestFirst(state.sharedObjects),
    orders: [...state.orders],
    lastEventAt: state.lastEventAt,
    lastEventId: state.lastEventId,
  };
}

export type RoomSnapshot = ReturnType<typeof toRoomSnapshot>;
