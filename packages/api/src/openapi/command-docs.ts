import { z } from 'zod';
import type { EndpointDoc } from '@cafe/http';
import type { ErrorCode } from '@cafe/shared';
import { OBJECT_TYPES } from '../objects/shared-object';
import { idField, optionalObject, optionalOpaqueId, optionalString, requiredString } from '../request/fields';
import { HANDOFF_ACTIONS } from '../tasks/decide-handoff';
import { TASK_STATES } from '../tasks/task';
import { commandAcceptedSchema, looseObject, queryParam } from './doc-schemas';

/**
 * What the OpenAPI document says about the command modules (pipeline/commands.ts) that do not
 * carry their own `doc`, keyed by `METHOD path`. Bodies are composed from the same field
 * readers the parsers validate with; the coverage test fails when a module has neither.
 */
type CommandDoc = EndpointDoc;

const tenant = idField('tenantId', 'default');
const room = idField('roomId', 'main');
const actor = requiredString('actorId');
const correlation = optionalOpaqueId('correlationId');
const scope = { tenantId: tenant, roomId: room, actorId: actor, correlationId: correlation, causationId: optionalOpaqueId('causationId') };
const field = (meta: Parameters<typeof queryParam>[0]) => queryParam(meta);

const COMMAND_ERRORS: ErrorCode[] = ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_FORBIDDEN', 'ERR_OPERATOR_OVERRIDE_BLOCKED', 'ERR_MODERATION_BLOCKED'];

const message = {
  ...scope,
  text: requiredString('text'),
  threadId: optionalString('threadId'),
  messageId: optionalString('messageId'),
  parentMessageId: optionalString('parentMessageId'),
  replyToMessageId: optionalString('replyToMessageId'),
  mentions: field({ type: 'array', description: 'actor ids mentioned; `@name` in the text counts too' }),
  metadata: optionalObject('metadata'),
  ttlMs: field({ type: 'integer', minimum: 2000, maximum: 30000, default: 7000, description: 'how long the speech bubble shows' }),
};

const accepted = (action: string, summary: string, body: z.ZodObject, example: Record<string, unknown>, errors: ErrorCode[] = []): CommandDoc => ({
  summary,
  tag: 'Commands',
  description: `Appends the \`${action}\` event, then (for messages) one \`mention_created\` per mention and a presence heartbeat. See docs/api.md#commands.`,
  body,
  response: commandAcceptedSchema,
  status: 202,
  errors: [...COMMAND_ERRORS, ...errors],
  example: { body: example },
});

const taskFields = {
  description: field({ type: 'string', description: 'or null' }),
  state: field({ type: 'string', enum: TASK_STATES, default: 'open', description: 'any case' }),
  assigneeActorId: field({ type: 'string', description: 'or null' }),
  progress: field({ type: 'number', minimum: 0, maximum: 100, default: 0, description: 'rounded' }),
  metadata: optionalObject('metadata'),
};
const objectFields = {
  objectType: field({ type: 'string', enum: OBJECT_TYPES, default: 'note' }),
  objectKey: field({ type: 'string' }),
  title: field({ type: 'string' }),
  content: field({ type: 'string' }),
  data: field({ type: 'object' }),
  quantity: field({ type: 'integer', minimum: 0, description: 'tokens start at 0' }),
  metadata: optionalObject('metadata'),
};
const TASK_ERRORS: ErrorCode[] = ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_INVALID_ENUM', 'ERR_OUT_OF_BOUNDS', 'ERR_OPERATOR_OVERRIDE_BLOCKED', 'ERR_PLAN_FEATURE_DISABLED'];

const webhookFields = {
  roomId: field({ type: 'string', description: 'only events of this room (null = any)' }),
  actorId: field({ type: 'string', description: 'only events by this author (null = any)' }),
  eventTypes: field({ type: 'array', description: 'event types to deliver (empty = all)' }),
  secret: field({ type: 'string', description: 'signs each delivery; blank = a new random one' }),
  enabled: field({ type: 'boolean', default: true }),
  maxRetries: field({ type: 'integer', minimum: 0 }),
  backoffMs: field({ type: 'integer', minimum: 0 }),
  timeoutMs: field({ type: 'integer', minimum: 1 }),
  metadata: optionalObject('metadata'),
};
const reactionFields = {
  roomId: field({ type: 'string', description: 'the room it reacts in' }),
  sourceEventTypes: field({ type: 'array', description: 'event types that trigger it' }),
  actionType: field({ type: 'string', enum: ['say', 'move', 'order'] }),
  targetActorId: field({ type: 'string', description: 'the actor that reacts' }),
  actionPayload: field({ type: 'object', description: 'the action\'s fields (text, direction and steps, itemId)' }),
  enabled: field({ type: 'boolean', default: true }),
  metadata: optionalObject('metadata'),
};
const SUBSCRIPTION_ERRORS: ErrorCode[] = ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_INVALID_ENUM', 'ERR_OUT_OF_BOUNDS'];

export const COMMAND_DOCS: Record<string, CommandDoc> = {
  'POST /v1/subscriptions': {
    summary: 'Register a webhook subscription',
    tag: 'Webhooks',
    body: z.object({ tenantId: tenant, targetUrl: field({ type: 'string', format: 'uri', required: true, description: 'absolute http(s) URL' }), ...webhookFields }),
    response: looseObject('`subscription` (with its secret), `correlationId`'),
    status: 201,
    errors: [...SUBSCRIPTION_ERRORS, 'ERR_INVALID_URL'],
  },
  'PATCH /v1/subscriptions/:id': {
    summary: 'Change a webhook subscription',
    tag: 'Webhooks',
    params: { id: 'the subscription (UUID)' },
    body: z.object({ targetUrl: field({ type: 'string', format: 'uri' }), ...webhookFields }),
    response: looseObject('`subscription`, `correlationId`'),
    errors: [...SUBSCRIPTION_ERRORS, 'ERR_INVALID_URL', 'ERR_NOT_FOUND'],
  },
  'DELETE /v1/subscriptions/:id': {
    summary: 'Remove a webhook subscription',
    tag: 'Webhooks',
    params: { id: 'the subscription (UUID)' },
    response: looseObject('`deleted`, `correlationId`'),
    errors: ['ERR_NOT_FOUND'],
  },
  'POST /v1/subscriptions/dlq/:dlqId/replay': {
    summary: 'Deliver a dead letter again',
    tag: 'Webhooks',
    params: { dlqId: 'the dead letter (UUID)' },
    body: z.object({ tenantId: tenant }),
    response: looseObject('`replayed`, the delivery outcome, `correlationId`'),
    status: 202,
    errors: ['ERR_VALIDATION', 'ERR_NOT_FOUND'],
  },
  'POST /v1/reactions/subscriptions': {
    summary: 'Create a reaction subscription',
    tag: 'Reactions',
    body: z.object({ tenantId: tenant, ...reactionFields }),
    response: looseObject('`subscription`, `correlationId`'),
    status: 201,
    errors: SUBSCRIPTION_ERRORS,
  },
  'PATCH /v1/reactions/subscriptions/:id': {
    summary: 'Change a reaction subscription',
    tag: 'Reactions',
    params: { id: 'the subscription (UUID)' },
    body: z.object(reactionFields),
    response: looseObject('`subscription`, `correlationId`'),
    errors: [...SUBSCRIPTION_ERRORS, 'ERR_NOT_FOUND'],
  },
  'DELETE /v1/reactions/subscriptions/:id': {
    summary: 'Remove a reaction subscription',
    tag: 'Reactions',
    params: { id: 'the subscription (UUID)' },
    response: looseObject('`deleted`, `correlationId`'),
    errors: ['ERR_NOT_FOUND'],
  },
  'POST /v1/rooms/context/pin': {
    summary: "Pin a new version of a room's shared context",
    tag: 'Rooms',
    description: 'Needs `canModerate`; works while the room is paused. Appends `room_context_pinned`.',
    body: z.object({ tenantId: tenant, roomId: room, actorId: actor, correlationId: correlation, content: requiredString('content'), metadata: optionalObject('metadata') }),
    response: looseObject('`pinnedContext`, `eventId`, `sequence`, `correlationId`'),
    status: 201,
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_FORBIDDEN', 'ERR_MODERATION_BLOCKED'],
  },
  'POST /v1/tasks': {
    summary: 'Create a task',
    tag: 'Tasks',
    body: z.object({ tenantId: tenant, roomId: room, actorId: actor, correlationId: correlation, title: requiredString('title'), ...taskFields }),
    response: looseObject('`task`, `emittedEvents`, `correlationId`'),
    status: 201,
    errors: TASK_ERRORS,
    example: { body: { actorId: 'alice', title: 'Brew the first pot', assigneeActorId: 'bob' } },
  },
  'PATCH /v1/tasks/:taskId': {
    summary: 'Change some fields of a task',
    tag: 'Tasks',
    params: { taskId: 'the task (UUID)' },
    body: z.object({ tenantId: tenant, actorId: actor, correlationId: correlation, title: field({ type: 'string' }), ...taskFields }),
    response: looseObject('`task`, `emittedEvents`, `correlationId`'),
    errors: [...TASK_ERRORS, 'ERR_NOT_FOUND'],
  },
  'POST /v1/tasks/:taskId/handoffs': {
    summary: 'Hand a task on',
    tag: 'Tasks',
    params: { taskId: 'the task (UUID)' },
    body: z.object({
      tenantId: tenant,
      actorId: actor,
      correlationId: correlation,
      action: field({ type: 'string', enum: HANDOFF_ACTIONS, required: true }),
      toAssigneeActorId: field({ type: 'string', description: 'for assign' }),
      note: field({ type: 'string' }),
      blockedReason: field({ type: 'string', description: 'for blocked' }),
      threadId: field({ type: 'string' }),
      replyToEventId: field({ type: 'string' }),
      metadata: optionalObject('metadata'),
    }),
    response: looseObject('`task`, `handoff`, `emittedEvents`, `correlationId`'),
    errors: [...TASK_ERRORS, 'ERR_NOT_FOUND', 'ERR_FORBIDDEN', 'ERR_CONFLICT'],
  },
  'POST /v1/objects': {
    summary: 'Create a shared object',
    tag: 'Shared objects',
    body: z.object({ tenantId: tenant, roomId: room, actorId: actor, correlationId: correlation, ...objectFields }),
    response: looseObject('`object`, `emittedEvents`, `correlationId`'),
    status: 201,
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_INVALID_ENUM', 'ERR_OUT_OF_BOUNDS', 'ERR_OPERATOR_OVERRIDE_BLOCKED'],
    example: { body: { actorId: 'alice', objectType: 'note', title: 'Menu', content: 'cappuccino, flat white' } },
  },
  'PATCH /v1/objects/:objectId': {
    summary: 'Change some fields of a shared object',
    tag: 'Shared objects',
    params: { objectId: 'the object (UUID)' },
    body: z.object({ tenantId: tenant, actorId: actor, correlationId: correlation, ...objectFields }),
    response: looseObject('`object` (its `version` bumped), `emittedEvents`, `correlationId`'),
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_INVALID_ENUM', 'ERR_OUT_OF_BOUNDS', 'ERR_NOT_FOUND', 'ERR_OPERATOR_OVERRIDE_BLOCKED'],
  },
  'POST /v1/commands/enter': accepted('agent_entered', 'An agent enters a room', z.object({ ...scope, payload: optionalObject('payload') }), { actorId: 'alice' }),
  'POST /v1/commands/leave': accepted('agent_left', 'An agent leaves a room', z.object({ ...scope, payload: optionalObject('payload') }), { actorId: 'alice' }),
  'POST /v1/commands/move': accepted(
    'actor_moved',
    'An agent moves on the grid',
    z.object({
      ...scope,
      direction: field({ type: 'string', enum: ['N', 'S', 'E', 'W'], required: true, description: 'any case' }),
      steps: field({ type: 'integer', minimum: 1, maximum: 50, default: 1 }),
      intent: optionalString('intent'),
    }),
    { actorId: 'alice', direction: 'E', steps: 2 },
    ['ERR_INVALID_DIRECTION', 'ERR_OUT_OF_BOUNDS'],
  ),
  'POST /v1/commands/say': accepted('conversation_message_posted', 'An agent says something', z.object(message), { actorId: 'alice', text: '@bob coffee?' }, ['ERR_OUT_OF_BOUNDS']),
  'POST /v1/conversations/messages': accepted('conversation_message_posted', 'An agent posts a message (same as say)', z.object(message), { actorId: 'alice', text: 'hello', threadId: 't-1' }, ['ERR_OUT_OF_BOUNDS']),
  'POST /v1/commands/order': accepted(
    'order_changed',
    'An agent orders',
    z.object({ ...scope, itemId: requiredString('itemId'), size: optionalString('size') }),
    { actorId: 'alice', itemId: 'cappuccino_flow' },
  ),
  'POST /v1/intents/execute': {
    summary: 'Walk an agent to a point or a table',
    tag: 'Commands',
    description: 'Appends `intent_planned`, one `actor_moved` per leg and `intent_completed` (docs/api.md#intents).',
    body: z.object({
      tenantId: tenant,
      roomId: room,
      actorId: actor,
      correlationId: correlation,
      intent: field({ type: 'string', enum: ['navigate_to', 'sit_at_table'], required: true }),
      payload: field({ type: 'object', description: '`{ x, y }` for navigate_to, `{ tableId }` for sit_at_table' }),
    }),
    response: looseObject('`eventIds`, `finalPosition`, `correlationId`, …'),
    status: 202,
    errors: [...COMMAND_ERRORS, 'ERR_OUT_OF_BOUNDS', 'ERR_UNKNOWN_TABLE', 'ERR_UNSUPPORTED_ACTION'],
    example: { body: { actorId: 'alice', intent: 'sit_at_table', payload: { tableId: 'table_3' } } },
  },
  'POST /v1/presence/heartbeat': {
    summary: 'Keep an agent present',
    tag: 'Presence',
    body: z.object({
      tenantId: tenant,
      roomId: room,
      actorId: actor,
      status: field({ type: 'string', enum: ['thinking', 'idle', 'busy', 'inactive'], default: 'idle' }),
      ttlMs: field({ type: 'integer', minimum: 1000, maximum: 600000, description: 'default PRESENCE_DEFAULT_TTL_MS' }),
      correlationId: correlation,
    }),
    response: looseObject('`presence`, `emittedEvents`, `correlationId`'),
    status: 202,
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_INVALID_ENUM', 'ERR_OUT_OF_BOUNDS'],
    example: { body: { actorId: 'alice', status: 'thinking' } },
  },
  'POST /v1/inbox/:inboxItemId/ack': {
    summary: 'Mark one inbox item read',
    tag: 'Inbox',
    params: { inboxItemId: 'the item (UUID)' },
    body: z.object({ tenantId: tenant, actorId: actor, ackedBy: optionalString('ackedBy'), roomId: optionalString('roomId') }),
    response: looseObject('`item`, `changed` (false when already read), `unreadCount`, `correlationId`'),
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_NOT_FOUND'],
    example: { body: { actorId: 'bob' } },
  },
  'POST /v1/inbox/ack': {
    summary: 'Mark many inbox items read',
    tag: 'Inbox',
    body: z.object({
      tenantId: tenant,
      actorId: actor,
      ackedBy: optionalString('ackedBy'),
      roomId: optionalString('roomId'),
      ids: field({ type: 'array', description: 'item ids (UUIDs)' }),
      upToCursor: field({ type: 'integer', minimum: 0, description: 'every unread item with inboxSeq ≤ this' }),
    }),
    response: looseObject('`ackedCount`, `ackedIds`, `unreadCount`, `correlationId`'),
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD'],
    example: { body: { actorId: 'bob', upToCursor: 10 } },
  },
  'POST /v1/profiles': {
    summary: 'Create or replace a profile',
    tag: 'Profiles',
    body: z.object({
      tenantId: tenant,
      actorId: actor,
      correlationId: correlation,
      displayName: field({ type: 'string' }),
      avatarUrl: field({ type: 'string', format: 'uri', description: 'http(s) URL' }),
      bio: field({ type: 'string' }),
      theme: field({ type: 'object', description: 'colours as #rrggbb or #rrggbbaa' }),
      metadata: field({ type: 'object' }),
    }),
    response: looseObject('`profile`, `correlationId`'),
    status: 201,
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_INVALID_URL', 'ERR_INVALID_COLOR', 'ERR_OUT_OF_BOUNDS'],
    example: { body: { actorId: 'alice', displayName: 'Alice', theme: { bubbleColor: '#ffcc00' } } },
  },
  'PATCH /v1/profiles/:actorId': {
    summary: 'Change some fields of a profile',
    tag: 'Profiles',
    params: { actorId: 'the profile' },
    body: z.object({ tenantId: tenant, correlationId: correlation, displayName: field({ type: 'string' }), avatarUrl: field({ type: 'string' }), bio: field({ type: 'string' }), theme: field({ type: 'object' }), metadata: field({ type: 'object' }) }),
    response: looseObject('`profile`, `correlationId`'),
    errors: ['ERR_VALIDATION', 'ERR_NOT_FOUND', 'ERR_INVALID_URL', 'ERR_INVALID_COLOR', 'ERR_OUT_OF_BOUNDS'],
    example: { body: { bio: 'likes coffee' } },
  },
  'DELETE /v1/profiles/:actorId': {
    summary: 'Delete a profile',
    tag: 'Profiles',
    params: { actorId: 'the profile' },
    query: z.object({ tenantId: queryParam({ type: 'string', default: 'default' }) }),
    response: looseObject('`deleted`, `actorId`, `correlationId`'),
    errors: ['ERR_NOT_FOUND'],
  },
  'POST /v1/permissions': {
    summary: 'Set permission flags of an actor in a room',
    tag: 'Permissions',
    body: z.object({
      tenantId: tenant,
      roomId: requiredString('roomId'),
      actorId: actor,
      correlationId: correlation,
      canMove: field({ type: 'boolean' }),
      canSpeak: field({ type: 'boolean' }),
      canOrder: field({ type: 'boolean' }),
      canEnterLeave: field({ type: 'boolean' }),
      canModerate: field({ type: 'boolean' }),
    }),
    response: looseObject('`permission`, `correlationId`'),
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_FORBIDDEN'],
    example: { body: { roomId: 'main', actorId: 'ops', canModerate: true } },
  },
  'POST /v1/rooms': {
    summary: 'Create or replace a room record',
    description: '201 with `room_created` for a new room; 200 with `room_updated` when the record existed.',
    tag: 'Rooms',
    body: z.object({
      tenantId: tenant,
      roomId: requiredString('roomId'),
      actorId: actor,
      roomType: field({ type: 'string', enum: ['lobby', 'private_table'], default: 'lobby' }),
      ownerActorId: optionalString('ownerActorId'),
      displayName: optionalString('displayName'),
      metadata: optionalObject('metadata'),
      paymentProof: optionalString('paymentProof'),
      paymentRef: optionalString('paymentRef'),
      paymentAmountUsd: field({ type: 'number', minimum: 0 }),
      correlationId: correlation,
    }),
    response: looseObject('`room`, `created`, `emittedEvents`, `correlationId`'),
    status: 201,
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_INVALID_ENUM', 'ERR_PAYMENT_REQUIRED', 'ERR_OPERATOR_OVERRIDE_BLOCKED'],
    example: { body: { roomId: 'garden', actorId: 'alice', displayName: 'Garden' } },
  },
  'POST /v1/snapshots/:kind': {
    summary: 'Store the next version of a room or agent snapshot',
    tag: 'Snapshots',
    params: { kind: '`room` or `agent`' },
    body: z.object({
      tenantId: tenant,
      roomId: room,
      actorId: field({ type: 'string', description: 'required for agent snapshots; room snapshots default to `system`' }),
      state: optionalObject('state'),
      ttlSeconds: field({ type: 'integer', minimum: 0, description: 'expiry; absent = never' }),
      correlationId: correlation,
    }),
    response: looseObject('`snapshot`, `correlationId`'),
    status: 201,
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_OUT_OF_BOUNDS', 'ERR_UNSUPPORTED_ACTION'],
    example: { body: { roomId: 'main', state: { note: 'quiet morning' }, ttlSeconds: 3600 } },
  },
  'POST /v1/operator/overrides': {
    summary: 'Apply an operator action to a room',
    tag: 'Operator',
    body: z.object({
      tenantId: tenant,
      roomId: requiredString('roomId'),
      operatorId: requiredString('operatorId'),
      action: field({ type: 'string', enum: ['pause_room', 'resume_room', 'mute_agent', 'unmute_agent', 'force_leave'], required: true }),
      targetActorId: field({ type: 'string', description: 'required for mute_agent, unmute_agent, force_leave' }),
      reason: optionalString('reason'),
      metadata: optionalObject('metadata'),
      correlationId: correlation,
    }),
    response: looseObject('`overrideState`, `auditEntry`, `emittedEvents`, `correlationId`'),
    status: 202,
    errors: ['ERR_VALIDATION', 'ERR_MISSING_FIELD', 'ERR_INVALID_ENUM', 'ERR_FORBIDDEN'],
    example: { body: { roomId: 'main', operatorId: 'ops', action: 'mute_agent', targetActorId: 'bob', reason: 'loop' } },
  },
};
