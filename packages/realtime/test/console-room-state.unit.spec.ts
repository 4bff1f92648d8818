import { describe, expect, it } from 'vitest';
import { applyEvent, createRoomState, presenceOf, seedPinned, seedTasks, splitMentions } from '../console/assets/room-state.js';

let sequence = 0;
const event = (type: string, actorId: string, payload: Record<string, unknown> = {}) => ({
  eventId: `e${++sequence}`,
  sequence,
  tenantId: 'default',
  roomId: 'main',
  actorId,
  type,
  timestamp: `2026-01-01T00:00:${String(sequence).padStart(2, '0')}.000Z`,
  payload,
});

describe('console room fold', () => {
  it('places an entering agent, moves it by position or by steps clamped to the grid, and removes it on leave', () => {
    const state = createRoomState();
    expect([...applyEvent(state, event('agent_entered', 'ada', { position: { x: 2, y: 3 } }))]).toEqual(['actors']);
    expect(state.actors.get('ada')).toMatchObject({ x: 2, y: 3, status: 'busy' });
    applyEvent(state, event('actor_moved', 'ada', { direction: 'E', steps: 3, position: { x: 5, y: 3 } }));
    expect(state.actors.get('ada')).toMatchObject({ x: 5, y: 3 });
    applyEvent(state, event('actor_moved', 'ada', { direction: 'N', steps: 50 }));
    expect(state.actors.get('ada')).toMatchObject({ x: 5, y: 0 });
    applyEvent(state, event('actor_moved', 'ada', { direction: 'E', steps: 50 }));
    expect(state.actors.get('ada')).toMatchObject({ x: 19, y: 0 });
    applyEvent(state, event('intent_completed', 'ada', { finalPosition: { x: 0, y: 0 } }));
    expect(state.actors.get('ada')).toMatchObject({ x: 0, y: 0, status: 'idle' });
    applyEvent(state, event('agent_left', 'ada', { forced: true }));
    expect(state.actors.has('ada')).toBe(false);
  });

  it('keeps chat with mentions, orders, tasks and the pinned context', () => {
    const state = createRoomState();
    const changed = applyEvent(state, event('conversation_message_posted', 'ada', { conversation: { text: 'hi @bob', mentions: ['bob'] } }));
    expect([...changed].sort()).toEqual(['actors', 'chat']);
    expect(state.chat).toEqual([expect.objectContaining({ actorId: 'ada', text: 'hi @bob', mentions: ['bob'] })]);
    expect(state.actors.get('ada')?.status).toBe('thinking');
    applyEvent(state, event('order_changed', 'ada', { itemId: 'latte', size: 'large' }));
    expect(state.orders).toEqual([expect.objectContaining({ actorId: 'ada', itemId: 'latte', size: 'large' })]);
    applyEvent(state, event('task_created', 'ada', { taskId: 't1', title: 'Brew', state: 'open', assigneeActorId: null, progress: 0 }));
    applyEvent(state, event('task_assigned', 'ada', { taskId: 't1', fromAssigneeActorId: null, toAssigneeActorId: 'bob' }));
    applyEvent(state, event('task_progress_updated', 'ada', { taskId: 't1', fromProgress: 0, toProgress: 40 }));
    expect(state.tasks.get('t1')).toMatchObject({ title: 'Brew', state: 'open', assigneeActorId: 'bob', progress: 40 });
    applyEvent(state, event('task_completed', 'bob', { taskId: 't1', completedBy: 'bob', progress: 100 }));
    expect(state.tasks.get('t1')).toMatchObject({ title: 'Brew', state: 'done', progress: 100 });
    applyEvent(state, event('room_context_pinned', 'ada', { version: 2, content: 'Menu of the day', pinnedBy: 'ada' }));
    expect(state.pinned).toMatchObject({ version: 2, content: 'Menu of the day', pinnedBy: 'ada' });
  });

  it('takes the operator state from override events without drawing the operator as an agent', () => {
    const state = createRoomState();
    const changed = applyEvent(state, event('operator_override_applied', 'op', { action: 'pause_room', overrideState: { roomPaused: true, pausedBy: 'op', mutedActorIds: [] } }));
    expect([...changed]).toEqual(['override']);
    expect(state.override).toMatchObject({ roomPaused: true, lastAction: 'pause_room' });
    expect(state.actors.size).toBe(0);
  });

  it('reads statuses as presence: working is active, idle is idle, inactive is away', () => {
    expect(['busy', 'thinking', 'idle', 'inactive'].map(presenceOf)).toEqual(['active', 'active', 'idle', 'away']);
    const state = createRoomState();
    applyEvent(state, event('agent_entered', 'ada', { position: { x: 1, y: 1 } }));
    applyEvent(state, event('status_changed', 'ada', { fromStatus: 'busy', toStatus: 'inactive' }));
    expect(presenceOf(state.actors.get('ada')!.status)).toBe('away');
  });

  it('splits mentions out of chat text for highlighting', () => {
    expect(splitMentions('hi @bob and @ann-2!')).toEqual([
      { text: 'hi ', mention: false },
      { text: '@bob', mention: true },
      { text: ' and ', mention: false },
      { text: '@ann-2', mention: true },
      { text: '!', mention: false },
    ]);
    expect(splitMentions('no mentions')).toEqual([{ text: 'no mentions', mention: false }]);
  });

  it('fills tasks and the pinned context from the API without overriding what the stream showed', () => {
    const state = createRoomState();
    applyEvent(state, event('task_completed', 'bob', { taskId: 't1', completedBy: 'bob', progress: 100 }));
    applyEvent(state, event('room_context_pinned', 'ada', { version: 3, content: 'newer', pinnedBy: 'ada' }));
    expect(seedTasks(state, [{ taskId: 't1', title: 'Brew', state: 'active', progress: 50 }, { taskId: 't2', title: 'Sweep', state: 'open', progress: 0 }])).toBe(true);
    expect(state.tasks.get('t1')).toMatchObject({ state: 'done', progress: 100 });
    expect(state.tasks.get('t2')).toMatchObject({ title: 'Sweep', state: 'open' });
    expect(seedTasks(state, [{ taskId: 't2', title: 'Sweep' }])).toBe(false);
    expect(seedPinned(state, { version: 2, content: 'older', pinnedBy: 'ada' })).toBe(false);
    expect(state.pinned?.content).toBe('newer');
    expect(seedPinned(createRoomState(), null)).toBe(false);
    const fresh = createRoomState();
    expect(seedPinned(fresh, { version: 1, content: 'Menu', pinnedBy: 'op', updatedAt: 't' })).toBe(true);
    expect(fresh.pinned).toMatchObject({ version: 1, content: 'Menu', pinnedBy: 'op' });
  });
});
