import { toRoomSnapshot, type EventEnvelope, type ProjectedActor, type RoomProjection } from '@cafe/shared';

/** The compact actor of the snapshot and presence hash (docs/transport.md#projector). */
export function toCompactActor(actor: ProjectedActor) {
  return {
    actorId: actor.actorId,
    status: actor.status,
    x: actor.x,
    y: actor.y,
    lastSeen: actor.lastSeen,
    lastOrder: actor.lastOrder,
    presence: actor.presence ?? null,
  };
}

/** `P:room:T:R:state`: counts and the last event. */
export function toStateView(state: RoomProjection) {
  return {
    tenantId: state.tenantId,
    roomId: state.roomId,
    lastEventId: state.lastEventId,
    lastEventAt: state.lastEventAt,
    actorCount: state.actors.size,
    threadCount: state.threads.size,
    taskCount: state.tasks.size,
    objectCount: state.sharedObjects.size,
  };
}

/** `P:room:T:R:state:snapshot`: the compact snapshot with reduced actors. */
export function toSnapshotView(state: RoomProjection) {
  const full = toRoomSnapshot(state);
  return {
    tenantId: full.tenantId,
    roomId: full.roomId,
    lastEventId: full.lastEventId,
    lastEventAt: full.lastEventAt,
    actors: [...state.actors.values()].map(toCompactActor),
    pinnedContext: full.pinnedContext,
    threads: full.threads,
    tasks: full.tasks,
    sharedObjects: full.sharedObjects,
    localMemory: full.localMemory,
  };
}

/** Field/value pairs of one `P:room:T:R:stream` entry (strings; payload and event as JSON). */
export function toRoomStreamFields(event: EventEnvelope): string[] {
  return [
    'eventId', event.eventId,
    'sequence', String(event.sequence),
    'tenantId', event.tenantId,
    'roomId', event.roomId,
    'actorId', event.actorId,
    'type', event.type,
    'timestamp', event.timestamp,
    'payload', JSON.stringify(event.payload ?? {}),
    'event', JSON.stringify(event),
  ];
}

/** The presence hash TTL: the configured seconds with a floor of 10, or null (disabled) when ≤ 0. */
export function resolvePresenceTtl(seconds: number): number | null {
  return seconds <= 0 ? null : Math.max(10, seconds);
}
