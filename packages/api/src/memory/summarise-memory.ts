import { asCatalogueEvent, type EventEnvelope, type EventType } from '@cafe/shared';

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
] as const satisfies readonly EventType[];

export interface MemoryEntry {
  eventId: string;
  sequence: number;
  type: string;
  actorId: string;
  ts: string;
  [field: string]: unknown;
}

function summariseFields(logged: EventEnvelope): Record<string, unknown> {
  const event = asCatalogueEvent(logged);
  switch (event?.type) {
    case 'conversation_message_posted': {
      const { text, threadId, mentions } = event.payload.conversation;
      return { text, threadId, mentions };
    }
    case 'order_changed':
      return { itemId: event.payload.itemId, size: event.payload.size };
    case 'actor_moved':
      return { direction: event.payload.direction, steps: event.payload.steps };
    case 'intent_completed':
      return { intent: event.payload.intent, outcome: event.payload.outcome };
    case 'operator_override_applied': {
      const { action, targetActorId, reason } = event.payload;
      return { action, targetActorId, reason };
    }
    case 'task_created':
    case 'task_updated': {
      const { taskId, state, progress } = event.payload;
      return { taskId, state, progress };
    }
    case 'task_assigned': {
      const { taskId, fromAssigneeActorId, toAssigneeActorId } = event.payload;
      return { taskId, fromAssigneeActorId, toAssigneeActorId };
    }
    case 'task_progress_updated': {
      const { taskId, fromProgress, toProgress } = event.payload;
      return { taskId, fromProgress, toProgress };
    }
    case 'task_completed':
      return { taskId: event.payload.taskId, completedBy: event.payload.completedBy };
    case 'task_handoff': {
      const p = event.payload;
      return {
        taskId: p.taskId,
        handoffId: p.handoffId,
        action: p.action,
        fromAssigneeActorId: p.fromAssigneeActorId,
        toAssigneeActorId: p.toAssigneeActorId,
        initiatedBy: p.initiatedBy,
        ownerActorId: p.ownerActorId,
        state: p.state,
        progress: p.progress,
        threadId: p.threadId,
        replyToEventId: p.replyToEventId,
        note: p.note,
        blockedReason: p.blockedReason,
      };
    }
    case 'shared_object_created':
    case 'shared_object_updated': {
      const { objectId, objectType, objectKey, version } = event.payload;
      const changedFields = event.type === 'shared_object_updated' ? event.payload.changedFields : [];
      return { objectId, objectType, objectKey, version, changedFields };
    }
    default:
      // agent_entered, agent_left, room_context_pinned: the common fields say it all.
      return {};
  }
}

/** One event as a local-memory entry: the common fields plus the type's summary. Pure. */
export function summariseMemoryEvent(event: EventEnvelope): MemoryEntry {
  return { eventId: event.eventId, sequence: event.sequence, type: event.type, actorId: event.actorId, ts: event.timestamp, ...summariseFields(event) };
}
