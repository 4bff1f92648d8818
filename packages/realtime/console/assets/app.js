// The operator console: wires the room stream, the fold and the API calls to the page.
// Everything is drawn with textContent (never HTML from events), and the operator token lives
// in one variable of this module: not in storage, not in a URL.
import { createApiClient } from './api.js';
import { applyEvent, createRoomState, presenceOf, seedPinned, seedTasks, splitMentions } from './room-state.js';
import { openRoomStream } from './sse.js';

const FEED_LIMIT = 500;
const $ = (id) => document.getElementById(id);

let config;
let token = '';
let api;
let stream = null;
let room = { tenantId: 'default', roomId: 'main' };
let state = createRoomState();
let feed = [];
let feedTypes = new Set();
let selectedAgent = '';

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function timeOf(ts) {
  if (!ts) return element('time');
  const date = new Date(ts);
  return element('time', { datetime: ts, text: date.toLocaleTimeString() });
}

function initials(actorId) {
  const words = actorId.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[1][0] : actorId.slice(0, 2);
  return letters.toUpperCase();
}

// ---- drawing ------------------------------------------------------------------------------

function mutedIds() {
  return new Set(state.override?.mutedActorIds ?? []);
}

function drawActors() {
  const grid = $('grid');
  const muted = mutedIds();
  const seen = new Set();
  for (const actor of state.actors.values()) {
    seen.add(actor.actorId);
    let node = grid.querySelector(`[data-actor-id="${CSS.escape(actor.actorId)}"]`);
    if (!node) {
      node = element('button', { type: 'button', class: 'agent', role: 'listitem', dataset: { actorId: actor.actorId } }, [
        document.createTextNode(initials(actor.actorId)),
        element('span', { class: 'name', text: actor.actorId }),
      ]);
      node.addEventListener('click', () => selectAgent(actor.actorId));
      grid.append(node);
    }
    const presence = presenceOf(actor.status);
    node.style.setProperty('--x', actor.x);
    node.style.setProperty('--y', actor.y);
    node.dataset.x = String(actor.x);
    node.dataset.y = String(actor.y);
    node.dataset.presence = presence;
    node.dataset.muted = String(muted.has(actor.actorId));
    node.setAttribute('aria-selected', String(actor.actorId === selectedAgent));
    node.setAttribute('aria-label', `${actor.actorId} at ${actor.x}, ${actor.y}, ${presence}${muted.has(actor.actorId) ? ', muted' : ''}`);
  }
  for (const node of [...grid.children]) if (!seen.has(node.dataset.actorId)) node.remove();
  drawPresence();
  drawTargets();
}

function drawPresence() {
  const list = $('presence');
  const muted = mutedIds();
  list.replaceChildren(
    ...[...state.actors.values()]
      .sort((a, b) => a.actorId.localeCompare(b.actorId))
      .map((actor) =>
        element('li', { dataset: { actorId: actor.actorId } }, [
          element('span', { text: actor.actorId + (muted.has(actor.actorId) ? ' (muted)' : '') }),
          element('span', { class: 'state', dataset: { presence: presenceOf(actor.status) }, text: presenceOf(actor.status) }),
        ]),
      ),
  );
  if (state.actors.size === 0) list.append(element('li', { class: 'muted', text: 'Nobody is here.' }));
}

function drawTargets() {
  const select = $('target-agent');
  const ids = [...state.actors.keys(), ...mutedIds()].filter((id, index, all) => all.indexOf(id) === index).sort();
  const current = selectedAgent || select.value;
  select.replaceChildren(element('option', { value: '', text: 'choose an agent' }), ...ids.map((id) => element('option', { value: id, text: id })));
  select.value = ids.includes(current) ? current : '';
}

function selectAgent(actorId) {
  selectedAgent = actorId;
  $('target-agent').value = actorId;
  for (const node of $('grid').children) node.setAttribute('aria-selected', String(node.dataset.actorId === actorId));
}

function chatItem(message) {
  const text = element('span', { class: 'text' });
  for (const part of splitMentions(message.text)) {
    text.append(part.mention ? element('mark', { class: 'mention', text: part.text }) : document.createTextNode(part.text));
  }
  return element('li', { dataset: { eventId: message.eventId, sequence: String(message.sequence) } }, [
    element('span', { class: 'who', text: message.actorId }),
    text,
    timeOf(message.ts),
  ]);
}

function drawChatMessage(message) {
  const list = $('chat');
  const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
  list.append(chatItem(message));
  while (list.children.length > 200) list.firstElementChild.remove();
  if (stick) list.scrollTop = list.scrollHeight;
}

function drawOrders() {
  $('orders').replaceChildren(
    ...state.orders.slice().reverse().map((order) => element('li', {}, [document.createTextNode(`${order.actorId}: ${order.itemId ?? '?'} (${order.size ?? 'regular'})`), timeOf(order.ts)])),
  );
}

function drawTasks() {
  const tasks = [...state.tasks.values()].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  $('tasks').replaceChildren(
    ...tasks.map((task) =>
      element('li', { dataset: { taskId: task.taskId } }, [
        document.createTextNode(`${task.title ?? task.taskId} — ${task.state ?? 'open'}${task.progress != null ? ` ${task.progress}%` : ''}${task.assigneeActorId ? ` → ${task.assigneeActorId}` : ''}`),
      ]),
    ),
  );
}

function drawPinned() {
  const box = $('pinned');
  if (!state.pinned) return;
  box.classList.remove('muted');
  const content = typeof state.pinned.content === 'string' ? state.pinned.content : JSON.stringify(state.pinned.content);
  box.textContent = `Pinned v${state.pinned.version ?? '?'} by ${state.pinned.pinnedBy ?? '?'}: ${content}`;
}

function drawOverride() {
  const paused = Boolean(state.override?.roomPaused);
  $('room-paused').hidden = !paused;
  $('pause-room').disabled = paused;
  $('resume-room').disabled = !paused;
  const muted = [...mutedIds()];
  $('muted-list').textContent = muted.length ? muted.join(', ') : 'none';
  drawActors();
}

const feedMatches = (event) => {
  const filter = $('feed-filter').value;
  return !filter || event.type === filter;
};

function feedItem(event) {
  const payload = JSON.stringify(event.payload ?? {});
  return element('li', { dataset: { sequence: String(event.sequence), type: event.type } }, [
    element('span', { text: `#${event.sequence} ` }),
    element('span', { class: 'type', text: event.type }),
    document.createTextNode(` ${event.actorId} ${payload.length > 160 ? payload.slice(0, 157) + '…' : payload}`),
    timeOf(event.timestamp),
  ]);
}

function drawFeed() {
  $('feed').replaceChildren(...feed.filter(feedMatches).slice().reverse().map(feedItem));
}

function addFeedType(type) {
  if (feedTypes.has(type)) return;
  feedTypes.add(type);
  const select = $('feed-filter');
  const options = [...feedTypes].sort().map((name) => element('option', { value: name, text: name }));
  const current = select.value;
  select.replaceChildren(element('option', { value: '', text: 'all types' }), ...options);
  select.value = current;
}

// ---- events -------------------------------------------------------------------------------

function onRoomEvent(event) {
  const changed = applyEvent(state, event);
  if (changed.has('actors')) drawActors();
  if (changed.has('chat')) drawChatMessage(state.chat[state.chat.length - 1]);
  if (changed.has('orders')) drawOrders();
  if (changed.has('tasks')) drawTasks();
  if (changed.has('pinned')) drawPinned();
  if (changed.has('override')) {
    drawOverride();
    refreshAudit();
  }
  feed.push(event);
  if (feed.length > FEED_LIMIT) feed.shift();
  addFeedType(event.type);
  if (feedMatches(event)) {
    const list = $('feed');
    list.prepend(feedItem(event));
    while (list.children.length > FEED_LIMIT) list.lastElementChild.remove();
  }
}

function onStreamState(connection) {
  const badge = $('connection');
  badge.dataset.state = connection;
  badge.textContent = { live: 'live', connecting: 'connecting', reconnecting: 'reconnecting…', offline: 'offline', unauthorized: 'token needed', closed: 'closed' }[connection] ?? connection;
  if (connection === 'unauthorized') $('token').focus();
}

// ---- API ----------------------------------------------------------------------------------

function showResult(message, kind = 'ok') {
  const box = $('control-result');
  box.textContent = message;
  box.dataset.kind = kind;
}

async function loadRooms() {
  const picker = $('room-picker');
  let ids = [room.roomId];
  try {
    const data = await api.get('/v1/rooms', { tenantId: room.tenantId });
    ids = [...new Set([room.roomId, ...(data.rooms ?? []).map((item) => item.roomId)])];
  } catch (error) {
    showResult(`Rooms: ${error.message}`, 'error');
  }
  picker.replaceChildren(...ids.map((id) => element('option', { value: id, text: id })));
  picker.value = room.roomId;
}

async function loadOverride() {
  try {
    const data = await api.get('/v1/operator/overrides', { tenantId: room.tenantId, roomId: room.roomId });
    state.override = data.override ?? null;
    drawOverride();
  } catch (error) {
    showResult(`Overrides: ${error.message}`, 'error');
  }
}

/** Agents already present whose last events are older than the replay window. */
async function loadPresence() {
  try {
    const data = await api.get('/v1/presence', { tenantId: room.tenantId, roomId: room.roomId, active: 'true' });
    let added = false;
    for (const row of data.presence ?? []) {
      if (state.actors.has(row.actorId)) continue;
      state.actors.set(row.actorId, { actorId: row.actorId, x: 9, y: 5, status: row.status, lastSeen: row.lastHeartbeatAt });
      added = true;
    }
    if (added) drawActors();
  } catch {
    // The stream still draws everyone who acts; presence only fills in the quiet ones.
  }
}

/** Tasks and the pinned context as they stand; events keep them current from here on. */
async function loadTasksAndPin() {
  const [tasks, pin] = await Promise.allSettled([
    api.get('/v1/tasks', { tenantId: room.tenantId, roomId: room.roomId, limit: 100 }),
    api.get('/v1/rooms/context/pin', { tenantId: room.tenantId, roomId: room.roomId }),
  ]);
  // A deployment without these routes simply shows what the events bring.
  if (tasks.status === 'fulfilled' && seedTasks(state, tasks.value.tasks ?? [])) drawTasks();
  if (pin.status === 'fulfilled' && seedPinned(state, pin.value.pinnedContext)) drawPinned();
}

async function refreshAudit() {
  try {
    const data = await api.get('/v1/operator/audit', { tenantId: room.tenantId, roomId: room.roomId, limit: 50 });
    $('audit').replaceChildren(
      ...(data.entries ?? []).map((entry) =>
        element('li', { dataset: { auditSeq: String(entry.auditSeq) } }, [
          document.createTextNode(`${entry.operatorId} ${entry.action}${entry.targetActorId ? ` ${entry.targetActorId}` : ''}${entry.reason ? ` — ${entry.reason}` : ''}`),
          timeOf(entry.createdAt),
        ]),
      ),
    );
    if (!data.entries?.length) $('audit').append(element('li', { class: 'muted', text: 'No operator actions yet.' }));
  } catch (error) {
    $('audit').replaceChildren(element('li', { class: 'muted', text: `Audit: ${error.message}` }));
  }
}

async function runOverride(action) {
  const needsTarget = action !== 'pause_room' && action !== 'resume_room';
  const targetActorId = $('target-agent').value;
  if (needsTarget && !targetActorId) {
    showResult('Choose an agent first.', 'error');
    $('target-agent').focus();
    return;
  }
  const body = { tenantId: room.tenantId, roomId: room.roomId, operatorId: $('operator-id').value.trim(), action };
  if (needsTarget) body.targetActorId = targetActorId;
  const reason = $('reason').value.trim();
  if (reason) body.reason = reason;
  showResult(`${action}…`);
  try {
    const data = await api.post('/v1/operator/overrides', body);
    state.override = data.override ?? state.override;
    drawOverride();
    showResult(`${action.replace('_', ' ')} applied${needsTarget ? ` to ${targetActorId}` : ''}.`);
    refreshAudit();
  } catch (error) {
    showResult(`${action} refused: ${error.code} ${error.message}`, 'error');
  }
}

// ---- room switching -----------------------------------------------------------------------

function openRoom(next) {
  room = next;
  const url = new URL(location.href);
  url.searchParams.set('tenantId', room.tenantId);
  url.searchParams.set('roomId', room.roomId);
  history.replaceState(null, '', url);
  $('tenant-id').value = room.tenantId;
  $('room-label').textContent = `${room.tenantId} / ${room.roomId}`;
  state = createRoomState();
  feed = [];
  feedTypes = new Set();
  selectedAgent = '';
  for (const id of ['grid', 'chat', 'orders', 'tasks', 'audit', 'feed']) $(id).replaceChildren();
  $('pinned').textContent = 'No pinned context.';
  drawActors();
  drawOverride();
  connectStream();
  void loadRooms();
  void loadOverride();
  void loadPresence();
  void loadTasksAndPin();
  void refreshAudit();
}

function connectStream() {
  stream?.close();
  stream = null;
  if (config.authRequired && !token) {
    onStreamState('unauthorized');
    return;
  }
  stream = openRoomStream({
    streamUrl: '/v1/stream',
    tenantId: room.tenantId,
    roomId: room.roomId,
    token,
    heartbeatMs: config.heartbeatMs,
    onEvent: onRoomEvent,
    onState: onStreamState,
  });
}

async function start() {
  config = await (await fetch('/console/config.json', { cache: 'no-store' })).json();
  api = createApiClient(config.apiBaseUrl, () => token);
  const query = new URLSearchParams(location.search);
  const tenantId = query.get('tenantId')?.trim() || config.defaultTenantId;
  const roomId = query.get('roomId')?.trim() || config.defaultRoomId;

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    $('token').value = '';
    $('token-state').textContent = token ? 'token set (this tab only)' : 'no token';
    openRoom(room);
  });
  $('room-form').addEventListener('submit', (event) => {
    event.preventDefault();
    openRoom({ tenantId: $('tenant-id').value.trim() || config.defaultTenantId, roomId: $('room-picker').value || config.defaultRoomId });
  });
  $('room-picker').addEventListener('change', () => $('room-form').requestSubmit());
  $('target-agent').addEventListener('change', () => selectAgent($('target-agent').value));
  for (const button of document.querySelectorAll('#controls button[data-action]')) {
    button.addEventListener('click', () => runOverride(button.dataset.action));
  }
  $('refresh-audit').addEventListener('click', () => refreshAudit());
  $('feed-filter').addEventListener('change', drawFeed);

  if (config.authRequired) $('token-state').textContent = 'this API needs a token';
  room = { tenantId, roomId };
  openRoom(room);
  if (config.authRequired) $('token').focus();
}

start().catch((error) => onStreamState(`error: ${error.message}`));
