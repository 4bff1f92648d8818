import type { z } from 'zod';
import type { EventEnvelope, NewEvent } from '../events';
import { capabilityEventPayloads } from './capabilities';
import { conversationEventPayloads } from './conversation';
import { movementEventPayloads } from './movement';
import { operatorEventPayloads } from './operator';
import { orderEventPayloads } from './orders';
import { presenceEventPayloads } from './presence';
import { roomEventPayloads } from './rooms';
import { sharedObjectEventPayloads } from './shared-objects';
import { snapshotEventPayloads } from './snapshots';
import { tableSessionEventPayloads } from './table-sessions';
import { taskEventPayloads } from './tasks';

/**
 * The event catalogue by family: each family maps its event types to their payload schemas.
 * Generated documentation walks this; code that only needs one schema uses
 * `EVENT_PAYLOAD_SCHEMAS`.
 */
export const EVENT_FAMILIES = {
  presence: presenceEventPayloads,
  movement: movementEventPayloads,
  conversation: conversationEventPayloads,
  orders: orderEventPayloads,
  rooms: roomEventPayloads,
  operator: operatorEventPayloads,
  tasks: taskEventPayloads,
  sharedObjects: sharedObjectEventPayloads,
  tableSessions: tableSessionEventPayloads,
  snapshots: snapshotEventPayloads,
  capabilities: capabilityEventPayloads,
} as const;

/** Every event type of the log → the zod schema of its payload. */
export const EVENT_PAYLOAD_SCHEMAS = {
  ...presenceEventPayloads,
  ...movementEventPayloads,
  ...conversationEventPayloads,
  ...orderEventPayloads,
  ...roomEventPayloads,
  ...operatorEventPayloads,
  ...taskEventPayloads,
  ...sharedObjectEventPayloads,
  ...tableSessionEventPayloads,
  ...snapshotEventPayloads,
  ...capabilityEventPayloads,
} as const;

export type EventType = keyof typeof EVENT_PAYLOAD_SCHEMAS;

/** Every event type the log knows, family by family. */
export const EVENT_TYPES = Object.keys(EVENT_PAYLOAD_SCHEMAS) as readonly EventType[];

/** The payload of one event type. */
export type EventPayload<T extends EventType> = z.output<(typeof EVENT_PAYLOAD_SCHEMAS)[T]>;

type Envelope = Omit<EventEnvelope, 'type' | 'payload'>;

/**
 * A logged event whose payload is typed by its type: a union over every catalogue type, so a
 * `switch (event.type)` narrows `event.payload`.
 */
export type CatalogueEvent<T extends EventType = EventType> = { [K in T]: Envelope & { type: K; payload: EventPayload<K> } }[T];

/** A catalogue event before the log assigns its sequence. */
export type NewCatalogueEvent<T extends EventType = EventType> = {
  [K in T]: Omit<Envelope, 'sequence'> & { type: K; payload: EventPayload<K> };
}[T];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_PAYLOAD_SCHEMAS, type);
}

/** Thrown when an event's type is unknown or its payload does not match its type's schema. */
export class EventPayloadError extends TypeError {
  readonly eventType: string;

  constructor(eventType: string, problem: string) {
    super(`invalid ${eventType} event: ${problem}`);
    this.name = 'EventPayloadError';
    this.eventType = eventType;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
}

/** Parses a payload with its type's schema; throws EventPayloadError on an unknown type or a mismatch. */
export function parseEventPayload<T extends EventType>(type: T, payload: unknown): EventPayload<T>;
export function parseEventPayload(type: string, payload: unknown): EventPayload<EventType>;
export function parseEventPayload(type: string, payload: unknown): EventPayload<EventType> {
  if (!isEventType(type)) throw new EventPayloadError(type, 'unknown event type');
  const result = EVENT_PAYLOAD_SCHEMAS[type].safeParse(payload);
  if (!result.success) throw new EventPayloadError(type, describeIssues(result.error));
  return result.data;
}

/** Whether an event's type is in the catalogue and its payload matches the type's schema. */
export function isValidEvent<E extends { type: string; payload: unknown }>(event: E): event is E & { type: EventType } {
  return isEventType(event.type) && EVENT_PAYLOAD_SCHEMAS[event.type].safeParse(event.payload).success;
}

/** Throws EventPayloadError for the first event that is not valid (see `isValidEvent`). */
export function assertValidEvents(events: readonly { type: string; payload: unknown }[]): void {
  for (const event of events) parseEventPayload(event.type, event.payload);
}

/**
 * A logged event viewed through the catalogue, or null for a type the catalogue does not
 * know. Not a validation: the log only holds payloads built from these types (and checked on
 * append in tests), so readers trust it instead of parsing every event again.
 */
export function asCatalogueEvent(event: EventEnvelope): CatalogueEvent | null;
/** The same view of an event not yet appended (no sequence). */
export function asCatalogueEvent(event: NewEvent): NewCatalogueEvent | null;
export function asCatalogueEvent(event: NewEvent): NewCatalogueEvent | null {
  return isEventType(event.type) ? (event as NewCatalogueEvent) : null;
}
