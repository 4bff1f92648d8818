import type { EventEnvelope } from '../events';
import { PROJECTION_LIMITS, type ProjectedActor, type RoomProjection } from './types';

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

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const asString = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
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

function applyDirection(actor: ProjectedActor, direction: unknown, steps: unknown): void {
  const n = isNumber(steps) ? steps : 1;
  if (direction === 'N') actor.y = clamp(actor.y - n, GRID_MAX_Y);
  if (direction === 'S') actor.y = clamp(actor.y + n, GRID_MAX_Y);
  if (direction === 'E') actor.x = clamp(actor.x + n, GRID_MAX_X);
  if (direction === 'W') actor.x = clamp(actor.x - n, GRID_MAX_X);
}

function messageText(payload: Record<string, unknown>): string {
  const conversation = asRecord(payload.conversation);
  const bubble = asRecord(payload.bubble);
  return String(conversation.text ?? payload.text ?? bubble.text ?? '');
}

function foldMessage(state: RoomProjection, event: EventEnvelope): string {
  const conversation = asRecord(event.payload.conversation);
  const text = messageText(event.payload);
  const messageId = asString(conversation.messageId);
  const parentMessageId = asString(conversation.parentMessageId);
  const threadId = asString(conversation.threadId) ?? parentMessageId ?? messageId ?? event.eventId;
  pushNewest(state.chat, { actorId: event.actorId, text, ts: event.timestamp, eventId: event.eventId }, PROJECTION_LIMITS.chat);
  pushNewest(
    state.messages,
    {
      messageId,
      threadId,
      parentMessageId,
      actorId: event.actorId,
      text,
      mentions: Array.isArray(conversation.mentions) ? conversation.mentions : [],
      contextWindow: conversation.contextWindow ?? null,
      eventId: event.eventId,
      sequence: event.sequence,
      ts: event.timestamp,
    },
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

/**
 * Applies one event to a room projection (docs/transport.md#projector) and returns whether it changed
 * anything. Events at or below the last applied sequence are ignored, so replays and
 * redeliveries are harmless. Mutates `state` for speed: projections fold thousands of events.
 */
export function foldRoomEvent(state: RoomProjection, event: EventEnvelope): boolean {
  if (event.sequence <= state.lastSequence) return false;
  state.lastSequence = event.sequence;
  state.lastEventAt = event.timestamp;
  state.lastEventId = event.eventId;
  const p = event.payload ?? {};
  let summary: string | null = null;
  // A leave is followed by the leaver's status_changed → inactive: it must not bring the actor
  // back into the room it just left (force leave removes an agent from the snapshot).
  if (event.type === 'status_changed' && !state.actors.has(event.actorId) && (p.toStatus ?? p.to) === 'inactive') {
    pushNewest(
      state.localMemory,
      { eventId: event.eventId, sequence: event.sequence, type: event.type, actorId: event.actorId, ts: event.timestamp, summary: 'status → inactive' },
      PROJECTION_LIMITS.localMemory,
    );
    return true;
  }
  const actor = touchActor(state, event);

  switch (event.type) {
    case 'agent_entered': {
      actor.status = 'busy';
      const position = asRecord(p.position);
      if (isNumber(position.x) && isNumber(position.y)) {
        actor.x = Math.round(position.x);
        actor.y = Math.round(position.y);
      }
      summary = 'entered the room';
      break;
    }
    case 'agent_left':
      state.actors.delete(event.actorId);
      summary = p.forced ? 'was removed by an operator' : 'left the room';
      break;
    case 'actor_moved': {
      actor.status = 'busy';
      actor.lastMove = { direction: p.direction, steps: p.steps };
      const position = asRecord(p.position);
      if (isNumber(position.x) && isNumber(position.y)) {
        actor.x = Math.round(position.x);
        actor.y = Math.round(position.y);
      } else {
        applyDirection(actor, p.direction, p.steps);
      }
      summary = `moved ${String(p.direction)} ${String(p.steps)}`;
      break;
    }
    case 'presence_heartbeat':
      if (typeof p.status === 'string') actor.status = p.status;
      actor.presence = {
        lastHeartbeatAt: asString(p.lastHeartbeatAt),
        ttlMs: isNumber(p.ttlMs) ? p.ttlMs : null,
        expiresAt: asString(p.expiresAt),
        isActive: true,
      };
      summary = `heartbeat (${String(p.status)})`;
      break;
    case 'bubble_posted':
    case 'conversation_message_posted':
      actor.status = 'thinking';
      summary = foldMessage(state, event);
      break;
    case 'order_changed':
      actor.status = 'busy';
      actor.lastOrder = { itemId: p.itemId, size: p.size, ts: event.timestamp };
      pushNewest(state.orders, { actorId: event.actorId, itemId: p.itemId, size: p.size, ts: event.timestamp, eventId: event.eventId }, PROJECTION_LIMITS.orders);
      summary = `ordered ${String(p.itemId)} (${String(p.size)})`;
      break;
    case 'intent_completed': {
      actor.status = 'idle';
      const final = asRecord(p.finalPosition);
      // 0 is a valid coordinate (docs/transport.md#projector).
      if (isNumber(final.x)) actor.x = final.x;
      if (isNumber(final.y)) actor.y = final.y;
      summary = `completed ${String(p.intent)} (${String(p.outcome)})`;
      break;
    }
    case 'status_changed': {
      const status = p.toStatus ?? p.to;
      if (typeof status === 'string') actor.status = status;
      actor.presence = { ...(actor.presence ?? { lastHeartbeatAt: null, ttlMs: null, expiresAt: null, isActive: true }), isActive: actor.status !== 'inactive' };
      summary = `status ${String(p.fromStatus ?? p.from)} → ${String(status)}`;
      break;
    }
    case 'room_context_pinned':
      state.pinnedContext = { version: p.version, content: p.content, metadata: p.metadata, pinnedBy: p.pinnedBy, ts: event.timestamp, eventId: event.eventId };
      summary = `pinned context v${String(p.version)}`;
      break;
    case 'operator_override_applied':
      actor.status = 'busy';
      summary = `operator ${String(p.action)}${p.targetActorId ? ` ${String(p.targetActorId)}` : ''}`;
      break;
    default:
      if (event.type.startsWith('task_') && typeof p.taskId === 'string') {
        actor.status = event.type === 'task_completed' ? 'idle' : 'busy';
        const patch: Record<string, unknown> = { taskId: p.taskId, updatedAt: event.timestamp };
        for (const key of ['title', 'state', 'assigneeActorId', 'progress', 'createdBy', 'completedBy', 'completedAt']) if (key in p) patch[key] = p[key];
        if (event.type === 'task_assigned') patch.assigneeActorId = p.toAssigneeActorId;
        if (event.type === 'task_progress_updated') patch.progress = p.toProgress;
        if (event.type === 'task_completed') patch.state = 'done';
        // A task reopened after `done` is no longer completed (docs/api.md#tasks).
        if (typeof patch.state === 'string' && patch.state !== 'done') Object.assign(patch, { completedBy: null, completedAt: null });
        upsertNewest(state.tasks, p.taskId, patch, PROJECTION_LIMITS.tasks);
        summary = `${event.type.replace('task_', 'task ')} ${p.taskId}`;
      } else if (event.type.startsWith('shared_object_') && typeof p.objectId === 'string') {
        actor.status = 'busy';
        upsertNewest(state.sharedObjects, p.objectId, { ...p, updatedAt: p.updatedAt ?? event.timestamp }, PROJECTION_LIMITS.sharedObjects);
        summary = `${event.type.replace('shared_object_', 'object ')} ${p.objectId}`;
      }
  }

  if (summary) {
    pushNewest(
      state.localMemory,
      { eventId: event.eventId, sequence: event.sequence, type: event.type, actorId: event.actorId, ts: event.timestamp, summary },
      PROJECTION_LIMITS.localMemory,
    );
  }
  return true;
}
