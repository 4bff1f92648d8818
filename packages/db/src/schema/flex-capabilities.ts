import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The flex capability registry (docs/flex-registry.md#storage). */
export const flexCapabilities = pgTable(
  'flex_capabilities',
  {
    capabilityId: text('capability_id').primaryKey(),
    version: text('version').notNull(),
    displayName: text('display_name').notNull(),
    summary: text('summary').notNull(),
    inputTraitsJson: jsonb('input_traits_json'),
    defaultContractJson: jsonb('default_contract_json'),
    costJson: jsonb('cost_json'),
    preferredModels: text('preferred_models').array().default(sql`ARRAY[]::text[]`),
    heartbeatJson: jsonb('heartbeat_json'),
    metadataJson: jsonb('metadata_json'),
    status: text('status').notNull().default('active'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, precision: 3 }),
    /**
     * When an active record times out (lastSeenAt + heartbeat timeout); null = never. Kept in a
     * column so the sweeper finds due records through an index instead of scanning every row.
     */
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }),
    registeredAt: timestamp('registered_at', { withTimezone: true, precision: 3 }).defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).defaultNow(),
  },
  (table) => [
    index('flex_capabilities_status_idx').on(table.status),
    index('flex_capabilities_last_seen_idx').on(table.lastSeenAt),
    index('flex_capabilities_active_expiry_idx').on(table.expiresAt).where(sql`${table.status} = 'active'`),
  ],
);
