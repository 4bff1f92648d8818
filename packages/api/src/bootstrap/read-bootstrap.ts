import { queryEvents, readSettledHead, type Sql } from '@cafe/db';
import { countUnreadInboxItems, listInboxItems } from '../inbox/inbox-queries';
import type { UnreadCounters } from '../inbox/unread-counters';
import { findPresence, listPresence } from '../presence/presence-store';
import type { QueryReader } from '../request/query';
import { getDefaults, requireSql } from '../deps';
import type { ApiRuntime } from '../runtime';
import { listRooms } from '../rooms/room-store';
import { seedDefaultRoom } from '../rooms/seed-default-room';
import { listTasks } from '../tasks/task-store';
import { buildDiscovery, resolveBootstrapRoomId, suggestThreadId } from './decide-bootstrap';

export interface BootstrapContext {
  sql: Sql;
  defaults: { tenantId: string; roomId: string };
  authQueryParam: string | null;
  unread?: UnreadCounters;
}

/** What bootstrap needs from the runtime: pool, discovery defaults, auth hint, counters. */
export function getBootstrapContext(runtime: ApiRuntime): BootstrapContext {
  return {
    sql: requireSql(runtime),
    defaults: getDefaults(runtime),
    authQueryParam: runtime.env.API_AUTH_TOKEN ? runtime.env.API_AUTH_QUERY_PARAM : null,
    unread: runtime.unread,
  };
}

const ACTIVE_PRESENCE_LIMIT = 100;
const UNREAD_ITEMS_LIMIT = 20;
/** Backlog: up to 20 active then 20 open tasks of the room (docs/api.md#health-and-bootstrap). */
const BACKLOG_TASKS_PER_STATE = 20;
/** The actor's assigned tasks: the first 20 of the 50 read. */
const ASSIGNED_TASKS_READ = 50;
const ASSIGNED_TASKS_SHOWN = 20;

/** The actor part of bootstrap: presence, unread count, newest unread items, suggested thread. */
async function readActorState(sql: Sql, tenantId: string, roomId: string, actorId: string) {
  const [presence, unreadCount, inbox, ownMessages, assigned] = await Promise.all([
    findPresence(sql, tenantId, roomId, actorId),
    countUnreadInboxItems(sql, tenantId, roomId, actorId),
    listInboxItems(sql, { tenantId, roomId, actorId, unreadOnly: true, cursor: 0, limit: UNREAD_ITEMS_LIMIT, order: 'desc' }),
    queryEvents(sql, { tenantId, roomId, actorId, types: ['conversation_message_posted'], order: 'desc', cursor: 0, limit: 1 }),
    listTasks(sql, { tenantId, roomId, assigneeActorId: actorId, limit: ASSIGNED_TASKS_READ }),
  ]);
  return {
    actorId,
    unreadCount,
    suggestedThreadId: suggestThreadId(inbox, ownMessages[0] ?? null),
    presence,
    inbox,
    assignedTasks: assigned.slice(0, ASSIGNED_TASKS_SHOWN),
  };
}

/** The room's unfinished work: active tasks first, then open ones, each newest-updated first. */
async function readBacklog(sql: Sql, tenantId: string, roomId: string) {
  const [active, open] = await Promise.all([
    listTasks(sql, { tenantId, roomId, states: ['active'], limit: BACKLOG_TASKS_PER_STATE }),
    listTasks(sql, { tenantId, roomId, states: ['open'], limit: BACKLOG_TASKS_PER_STATE }),
  ]);
  return [...active, ...open];
}

/**
 * `GET /v1/bootstrap` (docs/api.md#health-and-bootstrap): the tenant's rooms, the resolved room's active presence
 * and unfinished tasks and, for an actor, its pending inbox and the tasks assigned to it. A
 * read must not write for names a caller invents: only the configured default tenant gets its
 * lobby seeded when it has no rooms; any other tenant without rooms is answered with none, and
 * the requested room id is used as given.
 */
export async function readBootstrap(context: BootstrapContext, query: QueryReader) {
  const { sql, defaults } = context;
  const tenantId = query.string('tenantId') ?? defaults.tenantId;
  const requestedRoomId = query.string('roomId') ?? defaults.roomId;
  const actorId = query.string('actorId');
  const roomLimit = query.int('roomLimit', 20, 1, 200);
  let rooms = await listRooms(sql, { tenantId, limit: roomLimit });
  if (rooms.length === 0 && tenantId === defaults.tenantId) {
    const seeded = await seedDefaultRoom(sql, { tenantId, roomId: defaults.roomId }, context.unread);
    rooms = [seeded.room];
  }
  const resolvedRoomId = resolveBootstrapRoomId(requestedRoomId, rooms);
  const includeBacklog = query.bool('includeBacklog') ?? true;
  const [cursor, roomPresence, actor, backlog] = await Promise.all([
    readSettledHead(sql),
    listPresence(sql, { tenantId, roomId: resolvedRoomId, active: true, limit: ACTIVE_PRESENCE_LIMIT }),
    actorId !== undefined ? readActorState(sql, tenantId, resolvedRoomId, actorId) : Promise.resolve(null),
    includeBacklog ? readBacklog(sql, tenantId, resolvedRoomId) : Promise.resolve([]),
  ]);
  return {
    discovery: buildDiscovery({
      tenantId,
      defaultTenantId: defaults.tenantId,
      defaultRoomId: defaults.roomId,
      resolvedRoomId,
      rooms,
      actorId,
      cursor,
      authQueryParam: context.authQueryParam,
    }),
    actor,
    room: { roomId: resolvedRoomId, presence: roomPresence, openOrActiveTasks: backlog },
  };
}
