import type { NewEvent } from '@cafe/shared';
import { makeEvent } from './events';

const ROOMS = [
  { tenantId: 'default', roomId: 'main' },
  { tenantId: 'default', roomId: 'garden' },
  { tenantId: 'acme', roomId: 'main' },
];
const ACTORS = ['alice', 'bob', 'carol', 'dave'];
const DIRECTIONS = ['N', 'S', 'E', 'W'];

/**
 * The i-th event of a deterministic, varied room workload: every projected type across three
 * rooms in two tenants (enter, moves with and without positions, messages in threads, orders,
 * heartbeats, status changes, tasks, objects, pins, leaves).
 */
export function makeRoomEvent(i: number): NewEvent {
  const room = ROOMS[i % ROOMS.length]!;
  const actorId = ACTORS[(i >> 2) % ACTORS.length]!;
  const base = { ...room, actorId };
  switch (i % 11) {
    case 0:
      return makeEvent({ ...base, type: 'agent_entered', payload: { position: { x: i % 20, y: i % 12 }, source: 'agent' } });
    case 1:
      return makeEvent({ ...base, type: 'actor_moved', payload: { direction: DIRECTIONS[i % 4], steps: 1 + (i % 3), position: { x: i % 20, y: (i * 7) % 12 } } });
    case 2:
      return makeEvent({ ...base, type: 'actor_moved', payload: { direction: DIRECTIONS[(i >> 1) % 4], steps: 2, intent: 'reaction' } });
    case 3:
      return makeEvent({
        ...base,
        type: 'conversation_message_posted',
        payload: { conversation: { messageId: `m${i}`, threadId: `t${i % 4}`, parentMessageId: i % 2 ? `m${i - 11}` : null, text: `hello ${i}`, mentions: [] }, bubble: { text: `hello ${i}`, ttlMs: 5000 } },
      });
    case 4:
      return makeEvent({ ...base, type: 'order_changed', payload: { itemId: ['latte', 'tea', 'mocha'][i % 3], size: 'm' } });
    case 5:
      return makeEvent({ ...base, type: 'presence_heartbeat', payload: { status: 'busy', ttlMs: 60000, lastHeartbeatAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T00:01:00.000Z' } });
    case 6:
      return makeEvent({ ...base, type: 'status_changed', payload: { fromStatus: 'busy', toStatus: i % 2 ? 'idle' : 'thinking' } });
    case 7:
      return makeEvent({ ...base, type: i % 2 ? 'task_created' : 'task_progress_updated', payload: { taskId: `task-${i % 5}`, title: `Task ${i % 5}`, state: 'open', toProgress: i % 100, progress: 0 } });
    case 8:
      return makeEvent({ ...base, type: 'shared_object_updated', payload: { objectId: `obj-${i % 3}`, title: `Object ${i}`, version: i, changedFields: ['title'] } });
    case 9:
      return makeEvent({ ...base, type: 'room_context_pinned', payload: { version: i, content: `context ${i}`, metadata: {}, pinnedBy: actorId } });
    default:
      return makeEvent({ ...base, type: i % 3 === 0 ? 'agent_left' : 'intent_completed', payload: { finalPosition: { x: 0, y: i % 12 }, intent: 'sit', outcome: 'seated' } });
  }
}

/** Every room the workload writes to. */
export const WORKLOAD_ROOMS = ROOMS;

/** Appends workload events one transaction at a time every `intervalMs` until stopped. */
export function startSteadyWriter(append: (events: NewEvent[]) => Promise<unknown>, intervalMs: number) {
  let running = true;
  let written = 0;
  const done = (async () => {
    while (running) {
      await append([makeRoomEvent(written)]);
      written += 1;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    get written() {
      return written;
    },
    async stop() {
      running = false;
      await done;
    },
  };
}
