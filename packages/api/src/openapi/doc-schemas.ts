import { z } from 'zod';
import { describeField, type FieldMeta } from '@cafe/http';
import { eventEnvelopeSchema } from '@cafe/shared';

/**
 * Schema pieces of the API's OpenAPI document that the request readers do not already give:
 * query parameters (read procedurally by QueryReader) and the shapes of answers.
 */

/** A query parameter: every value arrives as a string and is read leniently (docs/cursors.md#limits). */
export function queryParam(meta: FieldMeta) {
  return describeField(z.unknown().optional(), meta);
}

export const tenantQuery = queryParam({ type: 'string', description: 'tenant; see docs/http.md#tenants-and-rooms for its default' });
export const roomQuery = queryParam({ type: 'string', description: 'room filter' });
export const authorQuery = queryParam({ type: 'string', description: 'only events by this author' });
export const typesQuery = queryParam({ type: 'string', description: 'comma-separated event types' });
export const cursorQuery = queryParam({ type: 'integer', minimum: 0, description: 'exclusive sequence cursor (docs/cursors.md)' });
export const limitQuery = (fallback: number, max: number) => queryParam({ type: 'integer', minimum: 1, maximum: max, default: fallback });

export const eventSchema = eventEnvelopeSchema.meta({ title: 'Event', description: 'One event of the log (docs/events.md#envelope)' });

export const emittedEventSchema = z.object({ eventId: z.string(), sequence: z.number().int(), eventType: z.string() });

export const presenceSchema = z
  .object({
    tenantId: z.string(),
    roomId: z.string(),
    actorId: z.string(),
    status: z.enum(['thinking', 'idle', 'busy', 'inactive']),
    isActive: z.boolean(),
    lastHeartbeatAt: z.string(),
    ttlMs: z.number().int(),
    expiresAt: z.string(),
  })
  .meta({ title: 'PresenceState' });

export const eventPageSchema = z.object({ events: z.array(eventSchema), count: z.number().int(), nextCursor: z.number().int() });

/** Any object; the key fields are named in the operation's description. */
export const looseObject = (description: string) => z.object({}).catchall(z.unknown()).meta({ description });

export const commandAcceptedSchema = z.object({
  accepted: z.literal(true),
  action: z.string(),
  eventId: z.string(),
  sequence: z.number().int(),
  eventType: z.string(),
  correlationId: z.string(),
  emittedEvents: z.array(emittedEventSchema),
  presence: presenceSchema.nullable(),
  actorId: z.string(),
  roomId: z.string(),
  tenantId: z.string(),
});
