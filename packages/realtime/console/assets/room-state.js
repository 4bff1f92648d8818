// The room as the console shows it, folded from the room's events. Pure: no DOM, no network,
// so the same fold runs in the browser and in the unit tests.

/** The room grid (cells 0–19 × 0–11), as the API clamps positions. */
export const GRID = { width: 20, height: 12 };

const CHAT_LIMIT = 200;
const ORDER_LIMIT = 50;
const TASK_LIMIT = 100;

/** How an actor status reads to an operator: working, waiting, or gone quiet. */
const PRESENCE_BY_STATUS = { busy: 'active', thinking: 'active', idle: 'idle', inactive: 'away' };

export function createRoomState() {
  return {
    /** actorId → { actorId, x, y, status, lastSeen } of every agent present. */
    actors: new Map(),
    /** Newest last: { eventId, sequence, actorId, text, mentions, ts }. */
    chat: [],
    /** Newest last: { eventId, actorId, itemId, size, ts }. */
    orders: [],
    /** taskId → task fields from the latest task_* event. */
    tasks: new Map(),
    /** @type {null | { version: number, content: unknown, pinnedBy: string, ts: string | null }} The latest pinned context. */
    pinned: null,
    /** @type {null | Record<string, unknown>} The room's operator state from the latest override event, or null before any. */
    override: null,
  };
}

/** Presence word for a status: active, idle or away. */
export function presenceOf(status) {
  return PRESENCE_BY_STATUS[status] ?? 'idle';
}

const clamp = (value, max) => Math.min(max, Math.max(0, Math.round(value)));

function hasPosition(position) {
  return position != null && Number.isFinite(position.x) && Number.isFinite(position.y);
}

function place(actor, position) {
  actor.x = clamp(position.x, GRID.width - 1);
  actor.y = clamp(position.y, GRID.height - 1);
}

/** One step of a move without a position: N/S/E/W by `steps`, clamped to the grid. */
function stepActor(actor, direction, steps) {
  const count = Number.isFinite(steps) ? steps : 1;
  const delta = { N: [0, -1], S: [0, 1], E: [1, 0], W: [-1, 0] }[String(direction ?? '').toUpperCase()];
  if (!delta) return;
  place(actor, { x: actor.x + delta[0] * count, y: actor.y + delta[1] * count });
}

/** The author's record, created at the grid centre the first time it acts. */
function touchActor(state, event) {
  let actor = state.actors.get(event.actorId);
  if (!actor) {
    actor = { actorId: event.actorId, x: 9, y: 5, status: 'idle', lastSeen: null };
    state.actors.set(event.actorId, actor);
  }
  actor.lastSeen = event.timestamp ?? actor.lastSeen;
  return actor;
}

function pushBounded(list, item, limit) {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}

/** Authors that are not agents in the room: the system and operator overrides. */
const NON_AGENT_TYPES = new Set(['operator_override_applied', 'room_created', 'room_updated', 'room_context_pinned', 'snapshot_created']);

/**
 * Applies one event to the state; returns the names of the parts that changed (`actors`,
 * `chat`, `orders`, `tasks`, `pinned`, `override`), so the page redraws only those.
 */
export function applyEvent(state, event) {
  const payload = event.payload ?? {};
  const changed = new Set();
  const touchesAgent = event.actorId && event.actorId !== 'system' && !NON_AGENT_TYPES.has(event.type) && event.type !== 'agent_left';
  const actor = touchesAgent ? touchActor(state, event) : null;
  if (actor) changed.add('actors');
  switch (event.type) {
    case 'agent_entered':
      actor.status = 'busy';
      if (hasPosition(payload.position)) place(actor, payload.position);
      break;
    case 'agent_left':
      if (state.actors.delete(event.actorId)) changed.add('actors');
      break;
    case 'actor_moved':
      actor.status = 'busy';
      if (hasPosition(payload.position)) place(actor, payload.position);
      else stepActor(actor, payload.direction, payload.steps);
      break;
    case 'intent_completed':
      actor.status = 'idle';
      if (hasPosition(payload.finalPosition)) place(actor, payload.finalPosition);
      break;
    case 'presence_heartbeat':
      if (payload.status) actor.status = payload.status;
      break;
    case 'status_changed': {
      const to = payload.toStatus ?? payload.to;
      if (to && actor) actor.status = to;
      break;
    }
    case 'bubble_posted':
    case 'conversation_message_posted': {
      actor.status = 'thinking';
      const conversation = payload.conversation ?? {};
      pushBounded(state.chat, {
        eventId: event.eventId,
        sequence: event.sequence,
        actorId: event.actorId,
        text: String(conversation.text ?? payload.text ?? payload.bubble?.text ?? ''),
        mentions: Array.isArray(conversation.mentions) ? conversation.mentions : [],
        ts: event.timestamp,
      }, CHAT_LIMIT);
      changed.add('chat');
      break;
    }
    case 'order_changed':
      actor.status = 'busy';
      pushBounded(state.orders, { eventId: event.eventId, actorId: event.actorId, itemId: payload.itemId, size: payload.size, ts: event.timestamp }, ORDER_LIMIT);
      changed.add('orders');
      break;
    case 'room_context_pinned':
      state.pinned = { version: payload.version, content: payload.content, pinnedBy: payload.pinnedBy ?? event.actorId, ts: event.timestamp };
      changed.add('pinned');
      break;
    case 'operator_override_applied':
      state.override = { ...(payload.overrideState ?? {}), lastAction: payload.action, lastTarget: payload.targetActorId ?? null, ts: event.timestamp };
      changed.add('override');
      break;
    default:
      if (event.type?.startsWith('task_')) {
        if (actor) actor.status = event.type === 'task_completed' ? 'idle' : 'busy';
        upsertTask(state, payload, event);
        changed.add('tasks');
      }
  }
  return changed;
}

/** Task events carry either the task's fields or a `task` object; the newest wins per field. */
function upsertTask(state, payload, event) {
  const fields = payload.task && typeof payload.task === 'object' ? { ...payload, ...payload.task } : payload;
  if (!fields.taskId) return;
  const previous = state.tasks.get(fields.taskId) ?? {};
  const pick = (key) => (fields[key] !== undefined ? fields[key] : previous[key]);
  state.tasks.set(fields.taskId, {
    taskId: fields.taskId,
    title: pick('title') ?? null,
    state: event.type === 'task_completed' ? 'done' : pick('state') ?? null,
    assigneeActorId: fields.toAssigneeActorId ?? pick('assigneeActorId') ?? null,
    progress: fields.toProgress ?? pick('progress') ?? null,
    updatedAt: event.timestamp,
  });
  if (state.tasks.size > TASK_LIMIT) state.tasks.delete(state.tasks.keys().next().value);
}

/** Splits chat text into plain and `@mention` parts, so the page can highlight mentions. */
export function splitMentions(text) {
  const parts = [];
  const pattern = /@[A-Za-z0-9_-]+/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), mention: false });
    parts.push({ text: match[0], mention: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), mention: false });
  return parts;
}

/**
 * Fills in tasks read from the API (`GET /v1/tasks`) that no event has shown yet; a task the
 * stream already delivered is newer or as new, so it stays. Returns true when any was added.
 */
export function seedTasks(state, tasks) {
  let added = false;
  for (const task of tasks) {
    if (!task?.taskId || state.tasks.has(task.taskId)) continue;
    state.tasks.set(task.taskId, {
      taskId: task.taskId,
      title: task.title ?? null,
      state: task.state ?? null,
      assigneeActorId: task.assigneeActorId ?? null,
      progress: task.progress ?? null,
      updatedAt: task.updatedAt ?? null,
    });
    added = true;
  }
  return added;
}

/** Takes the API's pinned context (`GET /v1/rooms/context/pin`) unless the stream showed a later version. */
export function seedPinned(state, pinnedContext) {
  if (!pinnedContext || (state.pinned && (state.pinned.version ?? 0) >= (pinnedContext.version ?? 0))) return false;
  state.pinned = { version: pinnedContext.version, content: pinnedContext.content, pinnedBy: pinnedContext.pinnedBy, ts: pinnedContext.updatedAt ?? pinnedContext.createdAt ?? null };
  return true;
}
