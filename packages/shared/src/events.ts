import { z } from 'zod';

/** Every event type the runtime appends (docs/events.md#catalogue). */
export const EVENT_TYPES = [
  'agent_entered',
  'agent_left',
  'actor_moved',
  'conversation_message_posted',
  'mention_created',
  'order_changed',
  'intent_planned',
  'intent_completed',
  'presence_heartbeat',
  'status_changed',
  'room_context_pinned',
  'operator_override_applied',
  'task_created',
  'task_updated',
  'task_assigned',
  'task_progress_updated',
  'task_completed',
  'task_handoff',
  'shared_object_created',
  'shared_object_updated',
  'room_created',
  'room_updated',
  'table_session_created',
  'table_session_updated',
  'table_session_ended',
  'snapshot_created',
  'capability_status_changed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

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
