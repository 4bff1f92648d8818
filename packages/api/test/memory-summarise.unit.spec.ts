import { describe, expect, it } from 'vitest';
import { isValidEvent, type EventEnvelope, type EventPayload, type EventType } from '@cafe/shared';
import { summariseMemoryEvent } from '../src/memory/summarise-memory';

const AT = '2026-02-14T10:00:00.000Z';

/** A logged event whose payload the catalogue types (and the test checks), as the log holds it. */
function event<T extends EventType>(type: T, payload: EventPayload<T>): EventEnvelope {
  expect(isValidEvent({ type, payload }), `${type} fixture matches the catalogue`).toBe(true);
  return {
    eventId: '00000000-0000-4000-8000-000000000001',
    sequence: 7,
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

const common = { eventId: '00000000-0000-4000-8000-000000000001', sequence: 7, actorId: 'ada', ts: AT };

describe('local memory summaries (docs/api.md#local-memory)', () => {
  it('conversation: text, thread and mentions', () => {
    const conversation = {
      messageId: 'm',
      threadId: 't1',
      parentMessageId: null,
      replyToMessageId: null,
      mentions: ['bob'],
      contextWindow: { id: null, maxItems: 20 },
      text: 'hi @bob',
      metadata: {},
    };
    const summary = summariseMemoryEvent(event('conversation_message_posted', { conversation, bubble: { text: 'hi @bob', ttlMs: 7000 } }));
    expect(summary).toEqual({ ...common, type: 'conversation_message_posted', text: 'hi @bob', threadId: 't1', mentions: ['bob'] });
  });

  it('order, move, intent and override fields', () => {
    expect(summariseMemoryEvent(event('order_changed', { itemId: 'latte', size: 'large' }))).toMatchObject({ itemId: 'latte', size: 'large' });
    expect(summariseMemoryEvent(event('actor_moved', { direction: 'N', steps: 2, position: { x: 1, y: 1 } }))).toEqual({
      ...common,
      type: 'actor_moved',
      direction: 'N',
      steps: 2,
    });
    const target = { x: 2, y: 2 };
    expect(
      summariseMemoryEvent(event('intent_completed', { intent: 'sit_at_table', target, label: 'table_1', finalPosition: target, outcome: 'seated' })),
    ).toEqual({ ...common, type: 'intent_completed', intent: 'sit_at_table', outcome: 'seated' });
    const overrideState = { roomPaused: false, pausedBy: null, mutedActorIds: ['bob'] };
    expect(
      summariseMemoryEvent(event('operator_override_applied', { action: 'mute_agent', targetActorId: 'bob', reason: 'spam', metadata: {}, overrideState })),
    ).toEqual({ ...common, type: 'operator_override_applied', action: 'mute_agent', targetActorId: 'bob', reason: 'spam' });
  });

  it('task and object fields', () => {
    expect(
      summariseMemoryEvent(event('task_created', { taskId: 'k', title: 'x', state: 'open', assigneeActorId: null, progress: 0, createdBy: 'ada' })),
    ).toEqual({ ...common, type: 'task_created', taskId: 'k', state: 'open', progress: 0 });
    expect(summariseMemoryEvent(event('task_progress_updated', { taskId: 'k', fromProgress: 10, toProgress: 50 }))).toMatchObject({ fromProgress: 10, toProgress: 50 });
    const handoff = {
      handoffId: 'h',
      taskId: 'k',
      action: 'blocked' as const,
      fromAssigneeActorId: 'bob',
      toAssigneeActorId: 'bob',
      initiatedBy: 'bob',
      ownerActorId: 'ada',
      state: 'active' as const,
      progress: 20,
      note: 'n',
      blockedReason: null,
      threadId: null,
      replyToEventId: null,
      metadata: {},
      targetActorIds: ['ada'],
      at: AT,
    };
    expect(summariseMemoryEvent(event('task_handoff', handoff))).toEqual({
      ...common,
      type: 'task_handoff',
      taskId: 'k',
      handoffId: 'h',
      action: 'blocked',
      fromAssigneeActorId: 'bob',
      toAssigneeActorId: 'bob',
      initiatedBy: 'bob',
      ownerActorId: 'ada',
      state: 'active',
      progress: 20,
      threadId: null,
      replyToEventId: null,
      note: 'n',
      blockedReason: null,
    });
    const object = {
      objectId: 'o',
      objectType: 'note' as const,
      objectKey: 'k',
      title: 'T',
      content: null,
      data: {},
      quantity: null,
      metadata: {},
      version: 2,
      createdBy: 'ada',
      updatedBy: 'ada',
      createdAt: AT,
      updatedAt: AT,
    };
    expect(summariseMemoryEvent(event('shared_object_updated', { ...object, changedFields: ['title'] }))).toEqual({
      ...common,
      type: 'shared_object_updated',
      objectId: 'o',
      objectType: 'note',
      objectKey: 'k',
      version: 2,
      changedFields: ['title'],
    });
    expect(summariseMemoryEvent(event('shared_object_created', { ...object, version: 1 }))).toMatchObject({ version: 1, changedFields: [] });
  });

  it('enter and leave carry only the common fields', () => {
    const payload = { source: 'agent', reason: 'manual_enter', enteredAt: AT, position: { x: 1, y: 2 }, metadata: {} };
    expect(summariseMemoryEvent(event('agent_entered', payload))).toEqual({ ...common, type: 'agent_entered' });
  });
});
