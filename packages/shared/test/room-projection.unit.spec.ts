import { describe, expect, it } from 'vitest';
import { createRoomProjection, foldRoomEvent, toRoomSnapshot, type EventEnvelope } from '../src/index';

let sequence = 0;
function event(type: string, actorId: string, payload: Record<string, unknown> = {}): EventEnvelope {
  sequence += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    sequence,
    tenantId: 'default',
    roomId: 'main',
    actorId,
    type,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
    payload,
    correlationId: 'c',
    causationId: null,
  };
}

describe('foldRoomEvent (docs/transport.md#projector)', () => {
  it('tracks actors through enter, moves (absolute and relative), intents and leave', () => {
    const state = createRoomProjection('default', 'main');
    foldRoomEvent(state, event('agent_entered', 'a', { position: { x: 3.4, y: 4 } }));
    expect(state.actors.get('a')).toMatchObject({ status: 'busy', x: 3, y: 4 });
    foldRoomEvent(state, event('actor_moved', 'a', { direction: 'N', steps: 10 }));
    expect(state.actors.get('a')).toMatchObject({ x: 3, y: 0, lastMove: { direction: 'N', steps: 10 } });
    foldRoomEvent(state, event('actor_moved', 'a', { direction: 'E', steps: 1, position: { x: 7, y: 7 } }));
    expect(state.actors.get('a')).toMatchObject({ x: 7, y: 7 });
    foldRoomEvent(state, event('intent_completed', 'a', { intent: 'navigate_to', finalPosition: { x: 0, y: 0 }, outcome: 'arrived' }));
    expect(state.actors.get('a')).toMatchObject({ status: 'idle', x: 0, y: 0 });
    foldRoomEvent(state, event('agent_left', 'a', {}));
    foldRoomEvent(state, event('status_changed', 'a', { fromStatus: 'busy', toStatus: 'inactive' }));
    expect(state.actors.has('a')).toBe(false);
  });

  it('keeps chat, messages, threads and orders newest first', () => {
    const state = createRoomProjection('default', 'main');
    foldRoomEvent(state, event('conversation_message_posted', 'a', { conversation: { messageId: 'm1', threadId: 'm1', text: 'hi', mentions: ['b'] } }));
    foldRoomEvent(state, event('conversation_message_posted', 'b', { conversation: { messageId: 'm2', threadId: 'm1', parentMessageId: 'm1', text: 'yo' } }));
    foldRoomEvent(state, event('order_changed', 'b', { itemId: 'tea', size: 'large' }));
    const snapshot = toRoomSnapshot(state);
    expect(snapshot.chat.map((c) => c.text)).toEqual(['yo', 'hi']);
    expect(snapshot.threads).toEqual([expect.objectContaining({ threadId: 'm1', rootMessageId: 'm1', messageIds: ['m1', 'm2'], participants: ['a', 'b'], messageCount: 2 })]);
    expect(snapshot.orders[0]).toMatchObject({ actorId: 'b', itemId: 'tea', size: 'large' });
    expect(snapshot.actors.find((a) => a.actorId === 'b')).toMatchObject({ status: 'busy', lastOrder: { itemId: 'tea', size: 'large' } });
    expect(snapshot.localMemory[0]!.type).toBe('order_changed');
  });

  it('applies presence, status changes and tasks, and ignores re-applied events', () => {
    const state = createRoomProjection('default', 'main');
    const heartbeat = event('presence_heartbeat', 'a', { status: 'busy', ttlMs: 1000, lastHeartbeatAt: 'x', expiresAt: 'y' });
    foldRoomEvent(state, heartbeat);
    foldRoomEvent(state, event('status_changed', 'a', { fromStatus: 'busy', toStatus: 'inactive' }));
    expect(state.actors.get('a')).toMatchObject({ status: 'inactive', presence: { isActive: false, ttlMs: 1000 } });
    expect(foldRoomEvent(state, heartbeat)).toBe(false);
    expect(state.actors.get('a')!.status).toBe('inactive');
    foldRoomEvent(state, event('task_created', 'a', { taskId: 't1', title: 'T', state: 'open', progress: 0 }));
    foldRoomEvent(state, event('task_completed', 'a', { taskId: 't1', completedBy: 'a', progress: 100 }));
    expect(toRoomSnapshot(state).tasks).toEqual([expect.objectContaining({ taskId: 't1', title: 'T', state: 'done', progress: 100, completedBy: 'a' })]);
  });

  it("follows a task's life with the contract's payloads: created, assigned, handed off, done, reopened", () => {
    const state = createRoomProjection('default', 'main');
    const task = () => toRoomSnapshot(state).tasks.find((t) => t.taskId === 't2');
    foldRoomEvent(state, event('task_created', 'ada', { taskId: 't2', title: 'Parse', state: 'open', assigneeActorId: null, progress: 0, createdBy: 'ada' }));
    foldRoomEvent(state, event('task_updated', 'ada', { taskId: 't2', changedFields: ['state', 'assigneeActorId', 'metadata'], state: 'active', assigneeActorId: 'bob', progress: 0 }));
    foldRoomEvent(state, event('task_assigned', 'ada', { taskId: 't2', fromAssigneeActorId: null, toAssigneeActorId: 'bob', assignedBy: 'ada' }));
    foldRoomEvent(state, event('task_handoff', 'ada', { handoffId: 'h1', taskId: 't2', action: 'assign', fromAssigneeActorId: null, toAssigneeActorId: 'bob', state: 'active', progress: 0, targetActorIds: ['bob'] }));
    expect(task()).toMatchObject({ title: 'Parse', state: 'active', assigneeActorId: 'bob', createdBy: 'ada' });
    foldRoomEvent(state, event('task_progress_updated', 'bob', { taskId: 't2', fromProgress: 0, toProgress: 100 }));
    foldRoomEvent(state, event('task_completed', 'bob', { taskId: 't2', completedBy: 'bob', completedAt: '2026-01-01T00:01:00.000Z', progress: 100 }));
    expect(task()).toMatchObject({ state: 'done', progress: 100, completedBy: 'bob', completedAt: '2026-01-01T00:01:00.000Z' });
    expect(state.actors.get('bob')!.status).toBe('idle');
    foldRoomEvent(state, event('task_updated', 'ada', { taskId: 't2', changedFields: ['state'], state: 'active', assigneeActorId: 'bob', progress: 100 }));
    expect(task()).toMatchObject({ state: 'active', completedBy: null, completedAt: null });
    expect(state.localMemory[0]).toMatchObject({ type: 'task_updated', summary: 'task updated t2' });
  });

  it('upserts shared objects and pins context from their payloads', () => {
    const state = createRoomProjection('default', 'main');
    foldRoomEvent(state, event('shared_object_created', 'ada', { objectId: 'o1', objectType: 'whiteboard', title: 'Plan', version: 1, createdBy: 'ada', updatedBy: 'ada', updatedAt: 'u1' }));
    foldRoomEvent(state, event('shared_object_updated', 'bob', { objectId: 'o1', objectType: 'whiteboard', title: 'Plan', content: 'x', version: 2, updatedBy: 'bob', updatedAt: 'u2', changedFields: ['content'] }));
    foldRoomEvent(state, event('room_context_pinned', 'ada', { version: 3, content: 'Ship Friday', metadata: {}, pinnedBy: 'ada' }));
    const snapshot = toRoomSnapshot(state);
    expect(snapshot.sharedObjects).toEqual([expect.objectContaining({ objectId: 'o1', version: 2, content: 'x', updatedBy: 'bob', updatedAt: 'u2' })]);
    expect(snapshot.pinnedContext).toMatchObject({ version: 3, content: 'Ship Friday', pinnedBy: 'ada' });
  });
});
