import { sql } from 'drizzle-orm';
import { index, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Private-table sessions (spec docs/private-tables.md#the-pieces, docs/private-tables.md#the-pieces): who paid for which room, who is
 * invited, until when. `plan_id` may be null (read back as the default plan).
 */
export const tableSessions = pgTable(
  'table_sessions',
  {
    sessionId: uuid('session_id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    ownerActorId: text('owner_actor_id').notNull(),
    planId: text('plan_id'),
    invitedActorIds: jsonb('invited_actor_ids').notNull().$type<string[]>(),
    status: text('status').notNull(),
    startedAt: ts('started_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    endedAt: ts('ended_at'),
    paymentRef: text('payment_ref'),
    paymentAmountUsd: numeric('payment_amount_usd', { precision: 12, scale: 2 }).notNull(),
    paymentProvider: text('payment_provider'),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // The gate reads a room's active sessions, newest-updated first.
    index('table_sessions_room_idx').on(t.tenantId, t.roomId, t.status, t.updatedAt),
    index('table_sessions_updated_idx').on(t.tenantId, t.updatedAt),
    // The sweeper reads active sessions by expiry across tenants.
    index('table_sessions_expiry_idx').on(t.expiresAt).where(sql`status = 'active'`),
  ],
);
