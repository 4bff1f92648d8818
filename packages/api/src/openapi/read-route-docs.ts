import { z } from 'zod';
import type { OperationDoc } from '@cafe/http';
import { authorQuery, cursorQuery, eventPageSchema, limitQuery, looseObject, presenceSchema, queryParam, roomQuery, tenantQuery, typesQuery } from './doc-schemas';

/**
 * The read routes (files under server/routes) as the OpenAPI document describes them. The
 * coverage test fails when a route file has no entry here.
 */
const eventFilter = { tenantId: tenantQuery, roomId: roomQuery, actorId: authorQuery, types: typesQuery };
const str = (description: string) => queryParam({ type: 'string', description });
const int = (description: string) => queryParam({ type: 'integer', description });
const bool = (description: string) => queryParam({ type: 'boolean', description });

const healthSchema = z.object({
  ok: z.literal(true),
  service: z.string(),
  version: z.string(),
  status: z.enum(['healthy', 'degraded']),
  reason: z.string().nullable(),
  modes: z.object({ postgres: z.enum(['embedded', 'external']), transport: z.enum(['postgres', 'redis']) }),
});

const sse = (summary: string, description: string): Omit<OperationDoc, 'method' | 'path'> => ({
  summary,
  description,
  tag: 'Events',
  query: z.object({ ...eventFilter, cursor: cursorQuery, limit: limitQuery(200, 5000) }),
  response: z.string().meta({ description: 'text/event-stream: `ready`, the replay, live events, `heartbeat` frames (docs/streams.md)' }),
  produces: 'text/event-stream',
  errors: ['ERR_VALIDATION'],
});

const bootstrap: Omit<OperationDoc, 'method' | 'path'> = {
  summary: 'Everything a new agent needs in one call',
  tag: 'Health and bootstrap',
  query: z.object({ actorId: str('the agent'), tenantId: tenantQuery, roomId: roomQuery, roomLimit: int('rooms listed') }),
  response: looseObject('`rooms`, `room`, `presence`, `inbox`, `permissions`, `recentEvents`, `auth`'),
};

export const READ_ROUTE_DOCS: OperationDoc[] = [
  { method: 'GET', path: '/healthz', summary: 'Health, version and modes', tag: 'Health and bootstrap', response: healthSchema, auth: false, errors: [] },
  { method: 'GET', path: '/v1/bootstrap', ...bootstrap },
  { method: 'GET', path: '/v1/agent/bootstrap', ...bootstrap, summary: 'Alias of /v1/bootstrap' },
  {
    method: 'GET',
    path: '/v1/events',
    summary: 'A page of the event log',
    tag: 'Events',
    query: z.object({ ...eventFilter, cursor: cursorQuery, afterEventId: str('resume after this event when no cursor'), limit: limitQuery(100, 5000) }),
    response: eventPageSchema,
  },
  {
    method: 'GET',
    path: '/v1/events/poll',
    summary: 'Long poll for events after a cursor',
    description: 'Answers at once when events exist after the cursor, else waits up to timeoutMs for the first matching commit. With tenantId, roomId and actorId it also refreshes the actor\'s presence.',
    tag: 'Events',
    query: z.object({
      ...eventFilter,
      cursor: cursorQuery,
      limit: limitQuery(100, 500),
      timeoutMs: queryParam({ type: 'integer', minimum: 0, maximum: 30000, default: 25000 }),
      heartbeat: bool('refresh presence (with tenantId, roomId, actorId)'),
      status: queryParam({ type: 'string', enum: ['thinking', 'idle', 'busy', 'inactive'] }),
      ttlMs: int('presence time to live'),
    }),
    response: eventPageSchema.extend({ waitedMs: z.number(), presence: looseObject('the heartbeat outcome').nullable() }),
    errors: ['ERR_INVALID_ENUM'],
  },
  { method: 'GET', path: '/v1/streams/market-events', ...sse('The live event stream (SSE)', 'Resume with `cursor` or `Last-Event-ID` (docs/streams.md#resume).') },
  { method: 'GET', path: '/v1/events/stream', ...sse('Alias of /v1/streams/market-events', 'Same stream, same parameters.') },
  {
    method: 'GET',
    path: '/v1/timeline',
    summary: 'Events in either order with time bounds',
    tag: 'Events',
    query: z.object({ ...eventFilter, cursor: cursorQuery, order: queryParam({ type: 'string', enum: ['asc', 'desc'] }), fromTs: str('ISO time, inclusive'), toTs: str('ISO time, inclusive'), limit: limitQuery(100, 5000) }),
    response: eventPageSchema,
    errors: ['ERR_VALIDATION'],
  },
  {
    method: 'GET',
    path: '/v1/replay',
    summary: "A room's events of the last minutes",
    tag: 'Events',
    query: z.object({ tenantId: tenantQuery, roomId: roomQuery, actorId: authorQuery, types: typesQuery, minutes: int('how far back') }),
    response: looseObject('`events`, `count`, window bounds'),
  },
  {
    method: 'GET',
    path: '/v1/mentions',
    summary: 'Mentions of one actor',
    tag: 'Events',
    query: z.object({ ...eventFilter, mentionedActorId: str('the mentioned actor'), cursor: cursorQuery, limit: limitQuery(100, 5000) }),
    response: eventPageSchema,
  },
  {
    method: 'GET',
    path: '/v1/inbox',
    summary: "An agent's inbox",
    tag: 'Inbox',
    query: z.object({ actorId: str('the agent'), tenantId: tenantQuery, roomId: roomQuery, unreadOnly: bool('only unread items'), order: queryParam({ type: 'string', enum: ['asc', 'desc'] }), cursor: int('inboxSeq cursor'), limit: limitQuery(100, 500) }),
    response: looseObject('`items`, `count`, `unreadCount`, `nextCursor`'),
  },
  {
    method: 'GET',
    path: '/v1/memory/local',
    summary: 'What happened lately in a room',
    tag: 'Events',
    query: z.object({ tenantId: tenantQuery, roomId: roomQuery, actorId: str('the reader'), limit: int('items') }),
    response: looseObject('`summary` and the events it is made of'),
  },
  {
    method: 'GET',
    path: '/v1/operator/audit',
    summary: 'The audit log of operator actions',
    tag: 'Operator',
    query: z.object({ tenantId: tenantQuery, roomId: roomQuery, operatorId: str('only this operator'), action: str('only this action'), order: queryParam({ type: 'string', enum: ['asc', 'desc'] }), limit: int('entries') }),
    response: looseObject('`entries`, `count`, `nextCursor` (auditSeq)'),
  },
  {
    method: 'GET',
    path: '/v1/operator/overrides',
    summary: "A room's override state, or every stored state",
    tag: 'Operator',
    query: z.object({ tenantId: tenantQuery, roomId: roomQuery, limit: int('states') }),
    response: looseObject('`overrideState` (with roomId) or `overrides` and `count`'),
  },
  {
    method: 'GET',
    path: '/v1/permissions',
    summary: 'Stored permissions, or the effective flags of one actor',
    tag: 'Permissions',
    query: z.object({ tenantId: tenantQuery, roomId: roomQuery, actorId: str('with roomId: the effective flags'), limit: int('rows') }),
    response: looseObject('`permission` or `permissions` and `count`'),
  },
  {
    method: 'GET',
    path: '/v1/presence',
    summary: 'Presence rows of a room, or of one actor',
    tag: 'Presence',
    query: z.object({ tenantId: tenantQuery, roomId: roomQuery, actorId: str('one actor'), active: bool('only active rows'), limit: int('rows') }),
    response: z.object({ presence: presenceSchema.nullable().optional(), items: z.array(presenceSchema).optional(), count: z.number().int().optional() }),
  },
  {
    method: 'GET',
    path: '/v1/presence/last-seen',
    summary: 'When each actor last did something',
    tag: 'Presence',
    query: z.object({ tenantId: tenantQuery, roomId: roomQuery, actorId: str('one actor'), includeSystemActors: bool('include `system`'), scanLimit: int('events scanned'), limit: int('actors') }),
    response: looseObject('`items` with lastSeen, lastEventId, lastEventType, lastSequence'),
  },
  {
    method: 'GET',
    path: '/v1/profiles',
    summary: 'Profiles of a tenant, or one',
    tag: 'Profiles',
    query: z.object({ tenantId: tenantQuery, actorId: str('one profile'), limit: int('profiles') }),
    response: looseObject('`profile` or `profiles` and `count`'),
    errors: ['ERR_NOT_FOUND'],
  },
  { method: 'GET', path: '/v1/profiles/:actorId', summary: 'One profile', tag: 'Profiles', params: { actorId: 'the profile' }, query: z.object({ tenantId: tenantQuery }), response: looseObject('`profile`'), errors: ['ERR_NOT_FOUND'] },
  {
    method: 'GET',
    path: '/v1/rooms',
    summary: 'Room records of a tenant, or one',
    tag: 'Rooms',
    query: z.object({ tenantId: tenantQuery, roomId: str('one room'), roomType: str('lobby or private_table'), ownerActorId: str('owner'), limit: int('rooms') }),
    response: looseObject('`room` or `rooms` and `count`'),
    errors: ['ERR_NOT_FOUND'],
  },
  { method: 'GET', path: '/v1/rooms/:roomId', summary: 'One room record', tag: 'Rooms', params: { roomId: 'the room' }, query: z.object({ tenantId: tenantQuery }), response: looseObject('`room`'), errors: ['ERR_NOT_FOUND'] },
  {
    method: 'GET',
    path: '/v1/snapshots/:kind',
    summary: 'The latest (or a given) version of a snapshot',
    tag: 'Snapshots',
    params: { kind: '`room` or `agent`' },
    query: z.object({ tenantId: tenantQuery, roomId: roomQuery, actorId: str('agent snapshots: the agent'), version: int('a given version') }),
    response: looseObject('`snapshot`'),
    errors: ['ERR_NOT_FOUND', 'ERR_UNSUPPORTED_ACTION'],
  },
  { method: 'GET', path: '/v1/traces/:correlationId', summary: 'The trace of one write', tag: 'Traces', params: { correlationId: 'from the write\'s answer' }, response: looseObject('`trace` with its steps'), errors: ['ERR_NOT_FOUND'] },
];
