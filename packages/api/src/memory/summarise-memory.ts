import type { EventEnvelope } from '@cafe/shared';

/** The event types local memory summarises (docs/api.md#local-memory), newest first. */
export const MEMORY_EVENT_TYPES = [
  'conversation_message_posted',
  'order_changed',
  'actor_moved',
  'agent_entered',
  'agent_left',
  'intent_completed',
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
] as const;

export interface MemoryEntry {
  eventId: string;
  sequence: number;
  type: string;
  actorId: string;
  ts: string;
  [field: string]: unknown;
}

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Picks the named payload fields, absent ones as null. */
function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, source[key] ?? null]));
}

function summariseFields(event: EventEnvelope): Record<string, unknown> {
  const p = asObject(event.payload);
  switch (event.type) {
    case 'conversation_message_posted': {
      const conversation = asObject(p.conversation);
      const bubble = asObject(p.bubble);
      return {
        text: conversation.text ?? bubble.text ?? p.text ?? null,
        threadId: conversation.threadId ?? null,
        mentions: Array.isArray(conversation.mentions) ? conversation.mentions : [],
      };
    }
    case 'order_changed':
      return pick(p, ['itemId', 'size']);
    case 'actor_moved':
      return pick(p, ['direction', 'steps']);
    case 'intent_completed':
      return pick(p, ['intent', 'outcome']);
    case 'operator_override_applied':
      return pick(p, ['action', 'targetActorId', 'reason']);
    case 'task_created':
    case 'task_updated':
      return pick(p, ['taskId', 'state', 'progress']);
    case 'task_assigned':
      return pick(p, ['taskId', 'fromAssigneeActorId', 'toAssigneeActorId']);
    case 'task_progress_updated':
      return pick(p, ['taskId', 'fromProgress', 'toProgress']);
    case 'task_completed':
      return pick(p, ['taskId', 'completedBy']);
    case 'task_handoff':
      return pick(p, [
        'taskId',
        'handoffId',
        'action',
        'fromAssigneeActorId',
        'toAssigneeActorId',
        'initiatedBy',
        'ownerActorId',
        'state',
        'progress',
        'threadId',
        'replyToEventId',
        'note',
        'blockedReason',
      ]);
    case 'shared_object_created':
    case 'shared_object_updated':
      return { ...pick(p, ['objectId', 'objectType', 'objectKey', 'version']), changedFields: Array.isArray(p.changedFields) ? p.changedFields : [] };
    default:
      // agent_entered, agent_left, room_context_pinned: the common fields say it all.
      return {};
  }
}

/** One event as a local-memory entry: the common fields plus the type's summary. Pure. */
export function summariseMemoryEvent(event: EventEnvelope): MemoryEntry {
  return { eventId: event.eventId, sequence: event.sequence, type: event.type, actorId: event.actorId, ts: event.timestamp, ...summariseFields(event) };
}
