import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@cafe/shared';

export type InboxTopic = 'mention' | 'task' | 'handoff' | 'operator';

export interface NewInboxItem {
  inboxId: string;
  tenantId: string;
  roomId: string;
  actorId: string;
  sourceEventId: string;
  sourceEventSequence: number;
  sourceEventType: string;
  sourceActorId: string;
  sourceEventAt: string;
  threadId: string | null;
  topic: InboxTopic;
  payload: Record<string, unknown>;
}

const blankToNull = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? null : value ?? null);

function pick(payload: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, blankToNull(payload[key])]));
}

function recipientsAndPayload(event: EventEnvelope): { topic: InboxTopic; recipients: unknown[]; payload: Record<string, unknown>; threadId: unknown } | null {
  const p = event.payload;
  switch (event.type) {
    case 'mention_created':
      return { topic: 'mention', recipients: [p.mentionedActorId], payload: pick(p, ['mentionedActorId', 'sourceMessageId', 'threadId']), threadId: p.threadId };
    case 'task_assigned':
      return {
        topic: 'task',
        recipients: [p.toAssigneeActorId],
        payload: pick(p, ['taskId', 'fromAssigneeActorId', 'toAssigneeActorId', 'assignedBy']),
        threadId: null,
      };
    case 'task_handoff':
      return {
        topic: 'handoff',
        recipients: Array.isArray(p.targetActorIds) ? p.targetActorIds : [],
        payload: pick(p, ['taskId', 'handoffId', 'action', 'fromAssigneeActorId', 'toAssigneeActorId', 'initiatedBy', 'ownerActorId', 'threadId', 'replyToEventId', 'note', 'blockedReason']),
        threadId: p.threadId,
      };
    case 'operator_override_applied':
      return { topic: 'operator', recipients: [p.targetActorId], payload: pick(p, ['action', 'targetActorId', 'reason']), threadId: null };
    default:
      return null;
  }
}

/**
 * The inbox items an event creates (docs/events.md#inbox-items): recipients de-duplicated, blanks
 * dropped, blank strings in the item payload as null. Pure, so the write path can add items
 * in the same transaction as the event, and a replay of the log derives the same items.
 */
export function deriveInboxItems(event: EventEnvelope): NewInboxItem[] {
  const derived = recipientsAndPayload(event);
  if (!derived) return [];
  const recipients = [
    ...new Set(derived.recipients.filter((r): r is string => typeof r === 'string' && r.trim() !== '').map((r) => r.trim())),
  ];
  const threadId = typeof derived.threadId === 'string' && derived.threadId.trim() ? derived.threadId : null;
  return recipients.map((actorId) => ({
    inboxId: randomUUID(),
    tenantId: event.tenantId || 'default',
    roomId: event.roomId || 'main',
    actorId,
    sourceEventId: event.eventId,
    sourceEventSequence: event.sequence,
    sourceEventType: event.type || 'unknown',
    sourceActorId: event.actorId,
    sourceEventAt: event.timestamp,
    threadId,
    topic: derived.topic,
    payload: { topic: derived.topic, ...derived.payload },
  }));
}
