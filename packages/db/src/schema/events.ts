import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { xid8 } from './types';

/**
 * The append-only event log. `sequence` is the public cursor; `tx_id` is the appending
 * transaction, assigned inside the append lock so that sequence order equals xid order and a
 * reader below `pg_snapshot_xmin` never skips a late commit. Rows are only ever inserted by
 * `cafe_append_events` (see migrations).
 */
export const events = pgTable(
  'events',
  {
    sequence: bigint('sequence', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    txId: xid8('tx_id').notNull().default(sql`pg_current_xact_id()`),
    eventId: uuid('event_id').notNull().unique(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id').notNull(),
    actorId: text('actor_id').notNull(),
    type: text('type').notNull(),
    timestamp: timestamp('ts', { withTimezone: true, precision: 3 }).notNull(),
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
    correlationId: text('correlation_id').notNull(),
    causationId: text('causation_id'),
  },
  (table) => [
    index('events_tenant_room_seq_idx').on(table.tenantId, table.roomId, table.sequence),
    index('events_type_seq_idx').on(table.type, table.sequence),
    index('events_correlation_idx').on(table.correlationId),
  ],
);
