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

describe('foldRoomEvent (realtime.md §3.3)', () => {
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
});
