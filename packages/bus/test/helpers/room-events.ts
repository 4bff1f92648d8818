import type { NewEvent } from '@cafe/shared';
import { makeTypedEvent } from './events';

const ROOMS = [
  { tenantId: 'default', roomId: 'main' },
  { tenantId: 'default', roomId: 'garden' },
  { tenantId: 'acme', roomId: 'main' },
];
const ACTORS = ['alice', 'bob', 'carol', 'dave'];
const DIRECTIONS = ['N', 'S', 'E', 'W'] as const;

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:01:00.000Z';

/**
 * The i-th event of a deterministic, varied room workload: every projected type across three
 * rooms in two tenants (enter, moves with and without positions, messages in threads, orders,
 * heartbeats, status changes, tasks, objects, pins, leaves), each payload as the catalogue
 * types it.
 */
export function makeRoomEvent(i: number): NewEvent {
  const room = ROOMS[i % ROOMS.length]!;
  const actorId = ACTORS[(i >> 2) % ACTORS.length]!;
  const base = { ...room, actorId };
  switch (i % 11) {
    case 0:
      return makeTypedEvent('agent_entered', { source: 'agent', reason: 'manual_enter', enteredAt: AT, position: { x: i % 20, y: i % 12 }, metadata: {} }, base);
    case 1:
      return makeTypedEvent('actor_moved', { direction: DIRECTIONS[i % 4]!, steps: 1 + (i % 3), position: { x: i % 20, y: (i * 7) % 12 } }, base);
    case 2:
      return makeTypedEvent('actor_moved', { direction: DIRECTIONS[(i >> 1) % 4]!, steps: 2, intent: 'reaction', reaction: { sourceSubscriptionId: 'sub-1', sourceEventId: `e${i}` } }, base);
    case 3: {
      const text = `hello ${i}`;
      const conversation = {
        messageId: `m${i}`,
        threadId: `t${i % 4}`,
        parentMessageId: i % 2 ? `m${i - 11}` : null,
        replyToMessageId: null,
        mentions: [],
        contextWindow: { id: null, maxItems: 20 },
        text,
        metadata: {},
      };
      return makeTypedEvent('conversation_message_posted', { conversation, bubble: { text, ttlMs: 5000 } }, base);
    }
    case 4:
      return makeTypedEvent('order_changed', { itemId: ['latte', 'tea', 'mocha'][i % 3]!, size: 'm' }, base);
    case 5:
      return makeTypedEvent('presence_heartbeat', { status: 'busy', ttlMs: 60000, lastHeartbeatAt: AT, expiresAt: LATER }, base);
    case 6: {
      const toStatus = i % 2 ? 'idle' : 'thinking';
      return makeTypedEvent(
        'status_changed',
        { fromStatus: 'busy', toStatus, reason: 'heartbeat_update', source: 'agent', changedAt: AT, lastHeartbeatAt: AT, expiresAt: LATER, operatorId: null, metadata: {}, from: 'busy', to: toStatus },
        base,
      );
    }
    case 7:
      return i % 2
        ? makeTypedEvent('task_created', { taskId: `task-${i % 5}`, title: `Task ${i % 5}`, state: 'open', assigneeActorId: null, progress: 0, createdBy: actorId }, base)
        : makeTypedEvent('task_progress_updated', { taskId: `task-${i % 5}`, fromProgress: 0, toProgress: i % 100 }, base);
    case 8: {
      const object = { objectId: `obj-${i % 3}`, objectType: 'note' as const, objectKey: null, title: `Object ${i}`, content: null, data: {}, quantity: null, metadata: {} };
      return makeTypedEvent('shared_object_updated', { ...object, version: i, createdBy: actorId, updatedBy: actorId, createdAt: AT, updatedAt: AT, changedFields: ['title'] }, base);
    }
    case 9:
      return makeTypedEvent('room_context_pinned', { version: i, content: `context ${i}`, metadata: {}, pinnedBy: actorId }, base);
    default:
      return i % 3 === 0
        ? makeTypedEvent('agent_left', { source: 'agent', reason: 'manual_leave', leftAt: AT, forced: false, operatorId: null, metadata: {} }, base)
        : makeTypedEvent('intent_completed', { intent: 'sit_at_table', target: { x: 0, y: i % 12 }, label: 'table_1', finalPosition: { x: 0, y: i % 12 }, outcome: 'seated' }, base);
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
