import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@cafe/shared';

export interface EventOrigin {
  tenantId: string;
  roomId: string;
  correlationId: string;
  now: Date;
}

/** Builds an event envelope (without sequence: the log assigns it on append). */
export function createEvent(
  origin: EventOrigin,
  input: { type: string; actorId: string; payload?: Record<string, unknown>; causationId?: string | null },
): NewEvent {
  if (!input.actorId.trim()) throw new TypeError('event actorId must not be blank');
  return {
    eventId: randomUUID(),
    tenantId: origin.tenantId,
    roomId: origin.roomId,
    actorId: input.actorId,
    type: input.type,
    timestamp: origin.now.toISOString(),
    payload: input.payload ?? {},
    correlationId: origin.correlationId,
    causationId: input.causationId ?? null,
  };
}

/** `{ eventId, sequence, eventType }` as listed in `emittedEvents` (docs/http.md#envelope). */
export function summariseEmitted(events: { eventId: string; sequence: number; type: string }[]) {
  return events.map((event) => ({ eventId: event.eventId, sequence: event.sequence, eventType: event.type }));
}
