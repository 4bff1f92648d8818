import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@cafe/shared';
import { summariseMemoryEvent } from '../src/memory/summarise-memory';

function event(type: string, payload: Record<string, unknown>): EventEnvelope {
  return {
    eventId: '00000000-0000-4000-8000-000000000001',
    sequence: 7,
    tenantId: 'default',
    roomId: 'main',
    actorId: 'ada',
    type,
    timestamp: '2026-02-14T10:00:00.000Z',
    payload,
    correlationId: 'c',
    causationId: null,
  };
}

const common = { eventId: '00000000-0000-4000-8000-000000000001', sequence: 7, actorId: 'ada', ts: '2026-02-14T10:00:00.000Z' };

describe('local memory summaries (docs/api.md#local-memory)', () => {
  it('conversation: text, thread and mentions', () => {
    const summary = summariseMemoryEvent(
      event('conversation_message_posted', { conversation: { text: 'hi @bob', threadId: 't1', mentions: ['bob'], messageId: 'm' }, bubble: { text: 'hi @bob' } }),
    );
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
    expect(summariseMemoryEvent(event('intent_completed', { intent: 'sit_at_table', outcome: 'seated', target: {} }))).toMatchObject({
      intent: 'sit_at_table',
      outcome: 'seated',
    });
    expect(summariseMemoryEvent(event('operator_override_applied', { action: 'mute_agent', targetActorId: 'bob', reason: 'spam', metadata: {} }))).toMatchObject({
      action: 'mute_agent',
      targetActorId: 'bob',
      reason: 'spam',
    });
  });

  it('task and object fields, missing ones as null', () => {
    expect(summariseMemoryEvent(event('task_created', { taskId: 'k', state: 'open', title: 'x' }))).toEqual({
      ...common,
      type: 'task_created',
      taskId: 'k',
      state: 'open',
      progress: null,
    });
    expect(summariseMemoryEvent(event('task_progress_updated', { taskId: 'k', fromProgress: 10, toProgress: 50 }))).toMatchObject({ fromProgress: 10, toProgress: 50 });
    expect(summariseMemoryEvent(event('task_handoff', { taskId: 'k', handoffId: 'h', action: 'handoff', note: 'n' }))).toMatchObject({
      taskId: 'k',
      handoffId: 'h',
      action: 'handoff',
      note: 'n',
      blockedReason: null,
    });
    expect(summariseMemoryEvent(event('shared_object_updated', { objectId: 'o', objectType: 'note', objectKey: 'k', version: 2, changedFields: ['title'] }))).toMatchObject({
      objectId: 'o',
      version: 2,
      changedFields: ['title'],
    });
  });

  it('enter and leave carry only the common fields', () => {
    expect(summariseMemoryEvent(event('agent_entered', { source: 'agent', position: { x: 1, y: 2 } }))).toEqual({ ...common, type: 'agent_entered' });
  });
});
