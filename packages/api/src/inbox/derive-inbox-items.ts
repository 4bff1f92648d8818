import { randomUUID } from 'node:crypto';
import type { InboxItemDraft } from '@cafe/db';
import { asCatalogueEvent, type NewEvent } from '@cafe/shared';

export type InboxTopic = 'mention' | 'task' | 'handoff' | 'operator';

/**
 * An inbox item before it is stored: it has no `inboxSeq` yet, and no `sourceEventSequence`
 * (the insert reads it from the source event, appended in the same statement or just before).
 */
export interface NewInboxItem extends InboxItemDraft {
  topic: InboxTopic;
}

/** Blank strings become null in item payloads (docs/events.md#inbox-items). */
const blankToNull = (value: string | null): string | null => (value !== null && value.trim() === '' ? null : value);

function nullBlanks<T extends Record<string, string | null>>(fields: T): { [K in keyof T]: string | null } {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, blankToNull(value)])) as { [K in keyof T]: string | null };
}

interface DerivedItems {
  topic: InboxTopic;
  recipients: (string | null)[];
  payload: Record<string, unknown>;
  threadId: string | null;
}

function recipientsAndPayload(logged: NewEvent): DerivedItems | null {
  const event = asCatalogueEvent(logged);
  switch (event?.type) {
    case 'mention_created': {
      const { mentionedActorId, sourceMessageId, threadId } = event.payload;
      return { topic: 'mention', recipients: [mentionedActorId], payload: nullBlanks({ mentionedActorId, sourceMessageId, threadId }), threadId };
    }
    case 'task_assigned': {
      const { taskId, fromAssigneeActorId, toAssigneeActorId, assignedBy } = event.payload;
      return {
        topic: 'task',
        recipients: [toAssigneeActorId],
        payload: nullBlanks({ taskId, fromAssigneeActorId, toAssigneeActorId, assignedBy }),
        threadId: null,
      };
    }
    case 'task_handoff': {
      const p = event.payload;
      return {
        topic: 'handoff',
        recipients: p.targetActorIds,
        payload: nullBlanks({
          taskId: p.taskId,
          handoffId: p.handoffId,
          action: p.action,
          fromAssigneeActorId: p.fromAssigneeActorId,
          toAssigneeActorId: p.toAssigneeActorId,
          initiatedBy: p.initiatedBy,
          ownerActorId: p.ownerActorId,
          threadId: p.threadId,
          replyToEventId: p.replyToEventId,
          note: p.note,
          blockedReason: p.blockedReason,
        }),
        threadId: p.threadId,
      };
    }
    case 'operator_override_applied': {
      const { action, targetActorId, reason } = event.payload;
      // Pause and resume name no target, so they reach no inbox.
      return { topic: 'operator', recipients: [targetActorId], payload: nullBlanks({ action, targetActorId, reason }), threadId: null };
    }
    default:
      return null;
  }
}

/**
 * The inbox items an event creates (docs/events.md#inbox-items): recipients de-duplicated, blanks
 * dropped, blank strings in the item payload as null. Pure, and it needs no sequence, so the
 * write path sends the items with the events themselves (one statement, one critical section),
 * and a replay of the log derives the same items.
 */
export function deriveInboxItems(event: NewEvent): NewInboxItem[] {
  const derived = recipientsAndPayload(event);
  if (!derived) return [];
  const recipients = [
    ...new Set(derived.recipients.filter((r): r is string => r !== null && r.trim() !== '').map((r) => r.trim())),
  ];
  const threadId = derived.threadId?.trim() ? derived.threadId : null;
  return recipients.map((actorId) => ({
    inboxId: randomUUID(),
    tenantId: event.tenantId || 'default',
    roomId: event.roomId || 'main',
    actorId,
    sourceEventId: event.eventId,
    sourceEventType: event.type || 'unknown',
    sourceActorId: event.actorId,
    sourceEventAt: event.timestamp,
    threadId,
    topic: derived.topic,
    payload: { topic: derived.topic, ...derived.payload },
  }));
}
