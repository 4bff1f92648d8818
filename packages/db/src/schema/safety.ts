import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { xid8 } from './types';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * The capability matrix (docs/policies.md#permissions): one row per (tenant, room, actor) once someone
 * grants or revokes a flag; an absent row means the defaults.
 */
export const actorPermissions = pgTable(
  'actor_permissions',
  {
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    actorId: text('actor_id').notNull(),
    canMove: boolean('can_move').notNull(),
    canSpeak: boolean('can_speak').notNull(),
    canOrder: boolean('can_order').notNull(),
    canEnterLeave: boolean('can_enter_leave').notNull(),
    canModerate: boolean('can_moderate').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.roomId, t.actorId] }), index('actor_permissions_updated_idx').on(t.tenantId, t.updatedAt)],
);

/** Operator override state per room (docs/policies.md#operator-overrides): pause flag and muted actors. */
export const operatorRoomOverrides = pgTable(
  'operator_room_overrides',
  {
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    roomPaused: boolean('room_paused').notNull(),
    pausedBy: text('paused_by'),
    pauseReason: text('pause_reason'),
    pausedAt: ts('paused_at'),
    resumedAt: ts('resumed_at'),
    mutedActors: jsonb('muted_actors').notNull().$type<Record<string, unknown>>(),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.roomId] }), index('operator_room_overrides_updated_idx').on(t.tenantId, t.updatedAt)],
);

/**
 * Append-only audit of operator actions (docs/api.md#operator-overrides-and-audit). A trigger in the migration rejects
 * UPDATE, DELETE and TRUNCATE, so not even a direct SQL session can rewrite history.
 *
 * `audit_seq`, the public cursor, is the sequence of the entry's own `operator_override_applied`
 * event (one event per entry, committed with it), so it is commit-ordered as the event log is;
 * `tx_id` lets readers stay below `pg_snapshot_xmin` (docs/cursors.md#inbox-and-audit-cursors).
 * Entries written before that rule keep the identity values they had, all lower.
 */
export const operatorAuditLog = pgTable(
  'operator_audit_log',
  {
    id: uuid('id').primaryKey(),
    auditSeq: bigint('audit_seq', { mode: 'number' }).notNull().unique(),
    txId: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    operatorId: text('operator_id').notNull(),
    action: text('action').notNull(),
    targetActorId: text('target_actor_id'),
    reason: text('reason'),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    correlationId: text('correlation_id'),
    requestId: text('request_id'),
    outcome: text('outcome').notNull(),
    eventId: uuid('event_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('operator_audit_log_room_seq_idx').on(t.tenantId, t.roomId, t.auditSeq),
    index('operator_audit_log_created_idx').on(t.tenantId, t.createdAt),
  ],
);
