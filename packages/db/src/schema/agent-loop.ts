import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { xid8 } from './types';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Stored first responses of mutating requests (docs/idempotency.md), keyed per tenant and scope. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id').notNull(),
    scope: text('scope').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: text('response_body').notNull(),
    correlationId: text('correlation_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.scope, t.idempotencyKey] }), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);

/** One presence row per (tenant, room, actor) (docs/policies.md#presence). */
export const presenceStates = pgTable(
  'presence_states',
  {
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    actorId: text('actor_id').notNull(),
    status: text('status').notNull(),
    lastHeartbeatAt: ts('last_heartbeat_at').notNull(),
    ttlMs: integer('ttl_ms').notNull(),
    expiresAt: ts('expires_at').notNull(),
    isActive: boolean('is_active').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.roomId, t.actorId] }),
    index('presence_states_updated_idx').on(t.tenantId, t.updatedAt),
    index('presence_states_expiry_idx').on(t.expiresAt).where(sql`status <> 'inactive'`),
  ],
);

/** Grid position per actor and room, written with the events that move the actor. */
export const actorPositions = pgTable(
  'actor_positions',
  {
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    actorId: text('actor_id').notNull(),
    x: integer('x').notNull(),
    y: integer('y').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.roomId, t.actorId] })],
);

/**
 * Per-agent inbox items derived from events (docs/events.md#inbox-items). `inbox_seq` is the
 * public cursor and `tx_id` the writing transaction: items are inserted under the event-append
 * lock, in the critical section that takes the transaction's id, so `inbox_seq` order equals
 * `tx_id` order and a reader below `pg_snapshot_xmin` never skips a late commit
 * (docs/cursors.md#inbox-and-audit-cursors).
 */
export const inboxItems = pgTable(
  'inbox_items',
  {
    inboxSeq: bigint('inbox_seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    txId: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
    inboxId: uuid('inbox_id').notNull().unique(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    actorId: text('actor_id').notNull(),
    sourceEventId: uuid('source_event_id').notNull(),
    sourceEventSequence: bigint('source_event_sequence', { mode: 'number' }).notNull(),
    sourceEventType: text('source_event_type').notNull(),
    sourceActorId: text('source_actor_id').notNull(),
    sourceEventAt: ts('source_event_at').notNull(),
    threadId: text('thread_id'),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    ackedAt: ts('acked_at'),
    ackedBy: text('acked_by'),
  },
  (t) => [
    uniqueIndex('inbox_items_source_uidx').on(t.tenantId, t.roomId, t.actorId, t.sourceEventId),
    index('inbox_items_recipient_idx').on(t.tenantId, t.actorId, t.inboxSeq),
    index('inbox_items_unread_idx').on(t.tenantId, t.actorId, t.roomId).where(sql`acked_at is null`),
  ],
);

/** Agent profiles (docs/api.md#profiles). */
export const profiles = pgTable(
  'profiles',
  {
    tenantId: text('tenant_id').notNull(),
    actorId: text('actor_id').notNull(),
    displayName: text('display_name').notNull(),
    avatarUrl: text('avatar_url'),
    bio: text('bio'),
    theme: jsonb('theme').$type<Record<string, string | null> | null>(),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.actorId] }), index('profiles_updated_idx').on(t.tenantId, t.updatedAt)],
);

/** Room records (docs/api.md#rooms); rooms without a record behave as lobbies. */
export const rooms = pgTable(
  'rooms',
  {
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    roomType: text('room_type').notNull(),
    displayName: text('display_name'),
    ownerActorId: text('owner_actor_id'),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.roomId] }), index('rooms_updated_idx').on(t.tenantId, t.updatedAt)],
);

/** Versioned room and agent snapshots (docs/api.md#snapshots); actor_id '' for room scope. */
export const snapshots = pgTable(
  'snapshots',
  {
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    scope: text('scope').notNull(),
    actorId: text('actor_id').notNull(),
    version: integer('version').notNull(),
    state: jsonb('state').notNull().$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.roomId, t.scope, t.actorId, t.version] })],
);

/** Action traces keyed by correlation id (docs/api.md#resources Trace, docs/api.md#traces). */
export const traces = pgTable(
  'traces',
  {
    correlationId: text('correlation_id').primaryKey(),
    traceId: uuid('trace_id').notNull(),
    requestId: text('request_id').notNull(),
    route: text('route').notNull(),
    method: text('method').notNull(),
    actorId: text('actor_id'),
    tenantId: text('tenant_id'),
    roomId: text('room_id'),
    status: text('status').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
    steps: jsonb('steps').notNull().$type<{ ts: string; code: string; details: Record<string, unknown> }[]>(),
  },
  (t) => [index('traces_started_idx').on(t.startedAt)],
);
