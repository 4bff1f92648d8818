import type { EventEnvelope } from '../events';
import { asCatalogueEvent, type CatalogueEvent } from '../event-catalogue/catalogue';
import type { Direction } from '../event-catalogue/fields';
import { PROJECTION_LIMITS, type ProjectedActor, type ProjectedMessage, type RoomProjection } from './types';

const GRID_MAX_X = 19;
const GRID_MAX_Y = 11;

/** An empty projection for one room. */
export function createRoomProjection(tenantId: string, roomId: string): RoomProjection {
  return {
    tenantId,
    roomId,
    actors: new Map(),
    pinnedContext: null,
    chat: [],
    messages: [],
    threads: new Map(),
    orders: [],
    tasks: new Map(),
    sharedObjects: new Map(),
    localMemory: [],
    lastEventAt: null,
    lastEventId: null,
    lastSequence: 0,
  };
}

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));

function pushNewest<T>(list: T[], item: T, limit: number): void {
  list.unshift(item);
  if (list.length > limit) list.length = limit;
}

function upsertNewest(map: Map<string, Record<string, unknown>>, key: string, patch: Record<string, unknown>, limit: number): void {
  const merged = { ...(map.get(key) ?? {}), ...patch };
  map.delete(key);
  map.set(key, merged);
  // Map keeps insertion order: the oldest-updated entry is first.
  while (map.size > limit) map.delete(map.keys().next().value as string);
}

function touchActor(state: RoomProjection, event: EventEnvelope): ProjectedActor {
  let actor = state.actors.get(event.actorId);
  if (!actor) {
    actor = { actorId: event.actorId, status: 'idle', x: 0, y: 0, lastSeen: null, lastOrder: null };
    state.actors.set(event.actorId, actor);
  }
  actor.lastSeen = event.timestamp;
  return actor;
}

function applyDirection(actor: ProjectedActor, direction: Direction, steps: number): void {
  if (direction === 'N') actor.y = clamp(actor.y - steps, GRID_MAX_Y);
  if (direction === 'S') actor.y = clamp(actor.y + steps, GRID_MAX_Y);
  if (direction === 'E') actor.x = clamp(actor.x + steps, GRID_MAX_X);
  if (direction === 'W') actor.x = clamp(actor.x - steps, GRID_MAX_X);
}

/** The fields of a posted message the projection keeps, from either speech type. */
interface FoldedMessage {
  text: string;
  messageId: string | null;
  parentMessageId: string | null;
  threadId: string | null;
  mentions: string[];
  contextWindow: ProjectedMessage['contextWindow'];
}

const nonBlank = (value: string | null | undefined): string | null => (value ? value : null);

function readMessage(event: CatalogueEvent<'conversation_message_posted' | 'bubble_posted'>): FoldedMessage {
  if (event.type === 'bubble_posted') {
    // Legacy speech: text at the top or in the bubble, no conversation ids.
    const text = event.payload.text ?? event.payload.bubble?.text ?? '';
    return { text, messageId: null, parentMessageId: null, threadId: null, mentions: [], contextWindow: null };
  }
  const conversation = event.payload.conversation;
  return {
    text: conversation.text,
    messageId: nonBlank(conversation.messageId),
    parentMessageId: nonBlank(conversation.parentMessageId),
    threadId: nonBlank(conversation.threadId),
    mentions: conversation.mentions,
    contextWindow: conversation.contextWindow,
  };
}

function foldMessage(state: RoomProjection, event: CatalogueEvent<'conversation_message_posted' | 'bubble_posted'>): string {
  const { text, messageId, parentMessageId, mentions, contextWindow, ...message } = readMessage(event);
  const threadId = message.threadId ?? parentMessageId ?? messageId ?? event.eventId;
  pushNewest(state.chat, { actorId: event.actorId, text, ts: event.timestamp, eventId: event.eventId }, PROJECTION_LIMITS.chat);
  pushNewest(
    state.messages,
    { messageId, threadId, parentMessageId, actorId: event.actorId, text, mentions, contextWindow, eventId: event.eventId, sequence: event.sequence, ts: event.timestamp },
    PROJECTION_LIMITS.messages,
  );
  let thread = state.threads.get(threadId);
  if (!thread) {
    thread = { threadId, rootMessageId: parentMessageId ?? messageId, messageIds: [], participants: new Set(), messageCount: 0, lastMessageAt: null, lastEventId: null };
    state.threads.set(threadId, thread);
  }
  if (messageId) thread.messageIds.push(messageId);
  thread.participants.add(event.actorId);
  thread.messageCount += 1;
  thread.lastMessageAt = event.timestamp;
  thread.lastEventId = event.eventId;
  return `said "${text}"`;
}

type TaskEvent = CatalogueEvent<'task_created' | 'task_updated' | 'task_assigned' | 'task_progress_updated' | 'task_completed' | 'task_handoff'>;

/** What a task event tells about the task (docs/transport.md): the projected task is the merge of these. */
function taskPatch(event: TaskEvent): Record<string, unknown> {
  const patch = taskFields(event);
  // A task reopened after `done` is no longer completed (docs/api.md#tasks).
  if (typeof patch.state === 'string' && patch.state !== 'done') Object.assign(patch, { completedBy: null, completedAt: null });
  return patch;
}

function taskFields(event: TaskEvent): Record<string, unknown> {
  const base = { taskId: event.payload.taskId, updatedAt: event.timestamp };
  switch (event.type) {
    case 'task_created': {
      const { title, state, assigneeActorId, progress, createdBy } = event.payload;
      return { ...base, title, state, assigneeActorId, progress, createdBy };
    }
    case 'task_updated': {
      const { state, assigneeActorId, progress } = event.payload;
      return { ...base, state, assigneeActorId, progress };
    }
    case 'task_assigned':
      return { ...base, assigneeActorId: event.payload.toAssigneeActorId };
    case 'task_progress_updated':
      return { ...base, progress: event.payload.toProgress };
    case 'task_completed': {
      const { progress, completedBy, completedAt } = event.payload;
      return { ...base, progress, completedBy, completedAt, state: 'done' };
    }
    case 'task_handoff':
      return { ...base, state: event.payload.state, progress: event.payload.progress };
  }
}

/** Folds the catalogue event into the touched actor and the room; returns the memory summary, if any. */
function foldKnownEvent(state: RoomProjection, actor: ProjectedActor, event: CatalogueEvent): string | null {
  switch (event.type) {
    case 'agent_entered': {
      actor.status = 'busy';
      const position = event.payload.position;
      if (position) {
        actor.x = Math.round(position.x);
        actor.y = Math.round(position.y);
      }
      return 'entered the room';
    }
    case 'agent_left':
      state.actors.delete(event.actorId);
      return event.payload.forced ? 'was removed by an operator' : 'left the room';
    case 'actor_moved': {
      const p = event.payload;
      actor.status = 'busy';
      actor.lastMove = { direction: p.direction, steps: p.steps };
      // Intent legs and reaction moves carry no position: walk from the previous one.
      if ('position' in p) {
        actor.x = Math.round(p.position.x);
        actor.y = Math.round(p.position.y);
      } else {
        applyDirection(actor, p.direction, p.steps);
      }
      return `moved ${p.direction} ${p.steps}`;
    }
    case 'presence_heartbeat': {
      const p = event.payload;
      actor.status = p.status;
      actor.presence = { lastHeartbeatAt: p.lastHeartbeatAt, ttlMs: p.ttlMs, expiresAt: p.expiresAt, isActive: true };
      return `heartbeat (${p.status})`;
    }
    case 'bubble_posted':
    case 'conversation_message_posted':
      actor.status = 'thinking';
      return foldMessage(state, event);
    case 'order_changed': {
      const { itemId, size } = event.payload;
      actor.status = 'busy';
      actor.lastOrder = { itemId, size, ts: event.timestamp };
      pushNewest(state.orders, { actorId: event.actorId, itemId, size, ts: event.timestamp, eventId: event.eventId }, PROJECTION_LIMITS.orders);
      return `ordered ${itemId} (${size})`;
    }
    case 'intent_completed': {
      const p = event.payload;
      actor.status = 'idle';
      // 0 is a valid coordinate (docs/transport.md).
      actor.x = p.finalPosition.x;
      actor.y = p.finalPosition.y;
      return `completed ${p.intent} (${p.outcome})`;
    }
    case 'status_changed': {
      const p = event.payload;
      actor.status = p.toStatus;
      actor.presence = { ...(actor.presence ?? { lastHeartbeatAt: null, ttlMs: null, expiresAt: null, isActive: true }), isActive: actor.status !== 'inactive' };
      return `status ${String(p.fromStatus)} → ${p.toStatus}`;
    }
    case 'room_context_pinned': {
      const { version, content, metadata, pinnedBy } = event.payload;
      state.pinnedContext = { version, content, metadata, pinnedBy, ts: event.timestamp, eventId: event.eventId };
      return `pinned context v${version}`;
    }
    case 'operator_override_applied': {
      const { action, targetActorId } = event.payload;
      actor.status = 'busy';
      return `operator ${action}${targetActorId ? ` ${targetActorId}` : ''}`;
    }
    case 'task_created':
    case 'task_updated':
    case 'task_assigned':
    case 'task_progress_updated':
    case 'task_completed':
    case 'task_handoff': {
      const taskId = event.payload.taskId;
      actor.status = event.type === 'task_completed' ? 'idle' : 'busy';
      upsertNewest(state.tasks, taskId, taskPatch(event), PROJECTION_LIMITS.tasks);
      return `${event.type.replace('task_', 'task ')} ${taskId}`;
    }
    case 'shared_object_created':
    case 'shared_object_updated': {
      const objectId = event.payload.objectId;
      actor.status = 'busy';
      upsertNewest(state.sharedObjects, objectId, { ...event.payload }, PROJECTION_LIMITS.sharedObjects);
      return `${event.type.replace('shared_object_', 'object ')} ${objectId}`;
    }
    default:
      // Rooms, sessions, snapshots, mentions, plans, capabilities: the actor was seen, nothing more.
      return null;
  }
}

/**
 * Applies one event to a room projection (docs/transport.md#projector) and returns whether it changed
 * anything. Events at or below the last applied sequence are ignored, so replays and
 * redeliveries are harmless. Mutates `state` for speed: projections fold thousands of events.
 */
export function foldRoomEvent(state: RoomProjection, logged: EventEnvelope): boolean {
  if (logged.sequence <= state.lastSequence) return false;
  state.lastSequence = logged.sequence;
  state.lastEventAt = logged.timestamp;
  state.lastEventId = logged.eventId;
  const event = asCatalogueEvent(logged);
  // A leave is followed by the leaver's status_changed → inactive: it must not bring the actor
  // back into the room it just left (force leave removes an agent from the snapshot).
  if (event?.type === 'status_changed' && !state.actors.has(event.actorId) && event.payload.toStatus === 'inactive') {
    pushNewest(
      state.localMemory,
      { eventId: event.eventId, sequence: event.sequence, type: event.type, actorId: event.actorId, ts: event.timestamp, summary: 'status → inactive' },
      PROJECTION_LIMITS.localMemory,
    );
    return true;
  }
  const actor = touchActor(state, logged);
  const summary = event ? foldKnownEvent(state, actor, event) : null;
  if (summary) {
    pushNewest(
      state.localMemory,
      { eventId: logged.eventId, sequence: logged.sequence, type: logged.type, actorId: logged.actorId, ts: logged.timestamp, summary },
      PROJECTION_LIMITS.localMemory,
    );
  }
  return true;
}
