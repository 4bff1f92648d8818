import { randomUUID } from 'node:crypto';
import type { EventPayload, EventType, NewCatalogueEvent, NewEvent } from '@cafe/shared';

export interface EventOrigin {
  tenantId: string;
  roomId: string;
  correlationId: string;
  now: Date;
}

export interface EventInput<T extends EventType> {
  type: T;
  actorId: string;
  /** Typed by the event catalogue: a payload the contract does not describe does not compile. */
  payload: EventPayload<T>;
  causationId?: string | null;
}

/** Builds an event envelope (without sequence: the log assigns it on append). */
export function createEvent<T extends EventType>(origin: EventOrigin, input: EventInput<T>): NewCatalogueEvent<T> & NewEvent {
  if (!input.actorId.trim()) throw new TypeError('event actorId must not be blank');
  const event = {
    eventId: randomUUID(),
    tenantId: origin.tenantId,
    roomId: origin.roomId,
    actorId: input.actorId,
    type: input.type,
    timestamp: origin.now.toISOString(),
    payload: input.payload,
    correlationId: origin.correlationId,
    causationId: input.causationId ?? null,
  };
  return event as NewCatalogueEvent<T> & NewEvent;
}

/** `{ eventId, sequence, eventType }` as listed in `emittedEvents` (docs/http.md#envelope). */
export function summariseEmitted(events: { eventId: string; sequence: number; type: string }[]) {
  return events.map((event) => ({ eventId: event.eventId, sequence: event.sequence, eventType: event.type }));
}
