import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, boolean } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Tasks of a room (docs/api.md#tasks): rewritten in place by patches and handoffs. */
export const tasks = pgTable(
  'tasks',
  {
    taskId: uuid('task_id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    state: text('state').notNull(),
    createdBy: text('created_by').notNull(),
    assigneeActorId: text('assignee_actor_id'),
    progress: integer('progress').notNull(),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    completedAt: ts('completed_at'),
    completedBy: text('completed_by'),
  },
  (t) => [
    index('tasks_tenant_updated_idx').on(t.tenantId, t.updatedAt),
    index('tasks_room_state_updated_idx').on(t.tenantId, t.roomId, t.state, t.updatedAt),
    index('tasks_assignee_updated_idx').on(t.tenantId, t.assigneeActorId, t.updatedAt),
  ],
);

/**
 * One row per handoff, pointing at its `task_handoff` event: the handoff list of a task is
 * read through it, so it filters by task before the limit instead of scanning the room.
 */
export const taskHandoffs = pgTable(
  'task_handoffs',
  {
    handoffId: uuid('handoff_id').primaryKey(),
    taskId: uuid('task_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    action: text('action').notNull(),
    initiatedBy: text('initiated_by').notNull(),
    eventSequence: bigint('event_sequence', { mode: 'number' }).notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('task_handoffs_task_seq_idx').on(t.taskId, t.eventSequence)],
);

/** Shared whiteboards, notes and tokens of a room (docs/api.md#shared-objects). */
export const sharedObjects = pgTable(
  'shared_objects',
  {
    objectId: uuid('object_id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    objectType: text('object_type').notNull(),
    objectKey: text('object_key'),
    title: text('title'),
    content: text('content'),
    data: jsonb('data').notNull().$type<Record<string, unknown>>(),
    quantity: integer('quantity'),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    version: integer('version').notNull(),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('shared_objects_tenant_updated_idx').on(t.tenantId, t.updatedAt),
    index('shared_objects_room_updated_idx').on(t.tenantId, t.roomId, t.updatedAt),
  ],
);

/** Every pinned version of a room's context (docs/api.md#pinned-room-context); only the newest is active. */
export const roomContextPins = pgTable(
  'room_context_pins',
  {
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    version: integer('version').notNull(),
    content: text('content').notNull(),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    pinnedBy: text('pinned_by').notNull(),
    isActive: boolean('is_active').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.roomId, t.version] })],
);
