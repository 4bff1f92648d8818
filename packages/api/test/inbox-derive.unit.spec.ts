import { describe, expect, it } from 'vitest';
import { isValidEvent, type EventEnvelope, type EventPayload, type EventType } from '@cafe/shared';
import { deriveInboxItems } from '../src/inbox/derive-inbox-items';

const AT = '2026-02-14T10:00:00.000Z';

/** A logged event with a payload the catalogue types (and the test checks). */
function event<T extends EventType>(type: T, payload: EventPayload<T>): EventEnvelope {
  expect(isValidEvent({ type, payload }), `${type} fixture matches the catalogue`).toBe(true);
  return {
    eventId: '00000000-0000-4000-8000-000000000001',
    sequence: 9,
    tenantId: 'default',
    roomId: 'main',
    actorId: 'ada',
    type,
    timestamp: AT,
    payload,
    correlationId: 'c',
    causationId: null,
  };
}

const summary = (items: ReturnType<typeof deriveInboxItems>) => items.map(({ actorId, topic, threadId, payload }) => ({ actorId, topic, threadId, payload }));

describe('inbox items derived from events (docs/events.md#inbox-items)', () => {
  it('a mention reaches the mentioned actor, in the message thread', () => {
    const items = deriveInboxItems(event('mention_created', { mentionedActorId: 'bob', sourceMessageId: 'm1', threadId: 't1' }));
    expect(summary(items)).toEqual([
      { actorId: 'bob', topic: 'mention', threadId: 't1', payload: { topic: 'mention', mentionedActorId: 'bob', sourceMessageId: 'm1', threadId: 't1' } },
    ]);
    expect(items[0]).toMatchObject({ sourceEventType: 'mention_created', sourceActorId: 'ada', sourceEventAt: AT });
  });

  it('an assignment reaches the new assignee; an unassignment reaches nobody', () => {
    const assigned = event('task_assigned', { taskId: 'k', fromAssigneeActorId: null, toAssigneeActorId: 'bob', assignedBy: 'ada' });
    expect(summary(deriveInboxItems(assigned))).toEqual([
      { actorId: 'bob', topic: 'task', threadId: null, payload: { topic: 'task', taskId: 'k', fromAssigneeActorId: null, toAssigneeActorId: 'bob', assignedBy: 'ada' } },
    ]);
    expect(deriveInboxItems(event('task_assigned', { taskId: 'k', fromAssigneeActorId: 'bob', toAssigneeActorId: null, assignedBy: 'ada' }))).toEqual([]);
  });

  it('a handoff reaches each target once, with blank strings as null', () => {
    const handoff = event('task_handoff', {
      handoffId: 'h',
      taskId: 'k',
      action: 'blocked',
      fromAssigneeActorId: 'bob',
      toAssigneeActorId: 'bob',
      initiatedBy: 'bob',
      ownerActorId: 'ada',
      state: 'active',
      progress: 20,
      note: '  ',
      blockedReason: 'waiting',
      threadId: 't9',
      replyToEventId: null,
      metadata: {},
      targetActorIds: ['ada', ' ada ', '', 'carol'],
      at: AT,
    });
    const items = deriveInboxItems(handoff);
    expect(items.map((item) => item.actorId)).toEqual(['ada', 'carol']);
    expect(items[0]).toMatchObject({ topic: 'handoff', threadId: 't9' });
    expect(items[0]!.payload).toEqual({
      topic: 'handoff',
      taskId: 'k',
      handoffId: 'h',
      action: 'blocked',
      fromAssigneeActorId: 'bob',
      toAssigneeActorId: 'bob',
      initiatedBy: 'bob',
      ownerActorId: 'ada',
      threadId: 't9',
      replyToEventId: null,
      note: null,
      blockedReason: 'waiting',
    });
  });

  it('an operator action reaches its target; pause and resume reach nobody', () => {
    const overrideState = { roomPaused: false, pausedBy: null, mutedActorIds: ['bob'] };
    const muted = event('operator_override_applied', { action: 'mute_agent', targetActorId: 'bob', reason: '', metadata: {}, overrideState });
    expect(summary(deriveInboxItems(muted))).toEqual([
      { actorId: 'bob', topic: 'operator', threadId: null, payload: { topic: 'operator', action: 'mute_agent', targetActorId: 'bob', reason: null } },
    ]);
    const paused = event('operator_override_applied', { action: 'pause_room', targetActorId: null, reason: null, metadata: {}, overrideState: { ...overrideState, roomPaused: true } });
    expect(deriveInboxItems(paused)).toEqual([]);
  });

  it('other events, and types the catalogue does not know, make no items', () => {
    expect(deriveInboxItems(event('order_changed', { itemId: 'latte', size: 'regular' }))).toEqual([]);
    expect(deriveInboxItems({ ...event('order_changed', { itemId: 'latte', size: 'regular' }), type: 'something_else' })).toEqual([]);
  });
});
