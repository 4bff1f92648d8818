import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Webhook subscriptions (docs/api.md#webhook-subscriptions). `max_retries`, `backoff_ms` and
 * `timeout_ms` are stored as sent (any finite number); the dispatcher clamps what it uses.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id'),
    actorId: text('actor_id'),
    eventTypes: jsonb('event_types').notNull().$type<string[]>(),
    targetUrl: text('target_url').notNull(),
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull(),
    maxRetries: doublePrecision('max_retries').notNull(),
    backoffMs: doublePrecision('backoff_ms').notNull(),
    timeoutMs: doublePrecision('timeout_ms').notNull(),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    lastDeliveredAt: ts('last_delivered_at'),
    lastError: text('last_error'),
  },
  (t) => [index('webhook_subscriptions_tenant_idx').on(t.tenantId, t.createdAt)],
);

/**
 * The durable delivery schedule: one row per (subscription, event) still to be delivered. Its
 * `id` is the Standard Webhooks `webhook-id`, so every attempt, a restart included, sends the
 * same one; the unique index makes re-reading an event after a crash harmless.
 */
export const webhookJobs = pgTable(
  'webhook_jobs',
  {
    id: uuid('id').primaryKey(),
    subscriptionId: uuid('subscription_id').notNull(),
    eventId: text('event_id').notNull(),
    eventSequence: bigint('event_sequence', { mode: 'number' }).notNull(),
    event: jsonb('event').notNull().$type<Record<string, unknown>>(),
    /** Attempts already made. */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** Set while an attempt is in flight; a crashed worker's lease simply expires. */
    leasedUntil: ts('leased_until'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.subscriptionId], foreignColumns: [webhookSubscriptions.id] }).onDelete('cascade'),
    uniqueIndex('webhook_jobs_subscription_event_idx').on(t.subscriptionId, t.eventId),
    index('webhook_jobs_due_idx').on(t.nextAttemptAt),
  ],
);

/** The delivery log (docs/api.md#webhook-subscriptions): every attempt, success or failure. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    createdAt: ts('created_at').notNull().defaultNow(),
    subscriptionId: uuid('subscription_id').notNull(),
    webhookId: uuid('webhook_id').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id'),
    actorId: text('actor_id'),
    success: boolean('success').notNull(),
    attempt: integer('attempt').notNull(),
    source: text('source').notNull(),
    dlqId: uuid('dlq_id'),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
  },
  (t) => [
    foreignKey({ columns: [t.subscriptionId], foreignColumns: [webhookSubscriptions.id] }).onDelete('cascade'),
    index('webhook_deliveries_created_idx').on(t.createdAt),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt),
  ],
);

/** The dead-letter queue (docs/api.md#webhook-subscriptions): one entry per delivery whose whole schedule failed. */
export const webhookDlq = pgTable(
  'webhook_dlq',
  {
    id: uuid('id').primaryKey(),
    subscriptionId: uuid('subscription_id').notNull(),
    webhookId: uuid('webhook_id').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id'),
    actorId: text('actor_id'),
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
    error: text('error'),
    status: text('status').notNull(),
    replayCount: integer('replay_count').notNull().default(0),
    replayedAt: ts('replayed_at'),
    lastReplayError: text('last_replay_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.subscriptionId], foreignColumns: [webhookSubscriptions.id] }).onDelete('cascade'),
    index('webhook_dlq_created_idx').on(t.createdAt),
  ],
);

/** Reaction subscriptions (docs/api.md#reaction-subscriptions). */
export const reactionSubscriptions = pgTable(
  'reaction_subscriptions',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    roomId: text('room_id'),
    sourceActorId: text('source_actor_id'),
    targetActorId: text('target_actor_id').notNull(),
    triggerEventTypes: jsonb('trigger_event_types').notNull().$type<string[]>(),
    actionType: text('action_type').notNull(),
    actionPayload: jsonb('action_payload').notNull().$type<Record<string, unknown>>(),
    enabled: boolean('enabled').notNull(),
    cooldownMs: doublePrecision('cooldown_ms').notNull(),
    ignoreSelf: boolean('ignore_self').notNull(),
    ignoreReactionEvents: boolean('ignore_reaction_events').notNull(),
    metadata: jsonb('metadata').notNull().$type<Record<string, unknown>>(),
    triggerCount: integer('trigger_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    lastTriggeredAt: ts('last_triggered_at'),
    lastSourceEventId: text('last_source_event_id'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('reaction_subscriptions_tenant_idx').on(t.tenantId, t.createdAt)],
);

/** Durable positions of the API's event consumers (webhook scheduling, reactions). */
export const consumerCheckpoints = pgTable('consumer_checkpoints', {
  name: text('name').primaryKey(),
  position: bigint('position', { mode: 'number' }).notNull(),
  updatedAt: ts('updated_at').notNull().default(sql`now()`),
});
