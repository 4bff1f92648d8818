import { z } from 'zod';

/** The event envelope of docs/events.md#envelope, as read back from the log. */
export const eventEnvelopeSchema = z.object({
  eventId: z.string().uuid(),
  sequence: z.number().int().positive(),
  tenantId: z.string(),
  roomId: z.string(),
  actorId: z.string().min(1),
  type: z.string().min(1),
  timestamp: z.string(),
  payload: z.record(z.string(), z.unknown()),
  correlationId: z.string(),
  causationId: z.string().nullable(),
});

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/** An event before the log assigns its sequence. */
export type NewEvent = Omit<EventEnvelope, 'sequence'>;
