import type { Sql } from '@cafe/db';
import type { WebhookSubscription } from '../webhook-subscription';

const COLUMNS = `id, tenant_id as "tenantId", room_id as "roomId", actor_id as "actorId", event_types as "eventTypes",
  target_url as "targetUrl", secret, enabled, max_retries as "maxRetries", backoff_ms as "backoffMs", timeout_ms as "timeoutMs",
  metadata, to_json(created_at) #>> '{}' as "createdAt", to_json(updated_at) #>> '{}' as "updatedAt",
  to_json(last_delivered_at) #>> '{}' as "lastDeliveredAt", last_error as "lastError"`;

/** Timestamps come back as JSON text of timestamptz; the wire wants `…Z` ISO strings. */
function toSubscription(row: WebhookSubscription): WebhookSubscription {
  const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
  return { ...row, createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)!, lastDeliveredAt: iso(row.lastDeliveredAt) };
}

export async function findWebhookSubscription(sql: Sql, id: string): Promise<WebhookSubscription | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await sql<WebhookSubscription[]>`select ${sql.unsafe(COLUMNS)} from webhook_subscriptions where id = ${id}`;
  return row ? toSubscription(row) : null;
}

export interface WebhookListFilter {
  tenantId?: string;
  roomId?: string;
  eventType?: string;
  enabled?: boolean;
}

/** Lists subscriptions, oldest first (docs/api.md#webhook-subscriptions); no tenant filter when none is given. */
export async function listWebhookSubscriptions(sql: Sql, filter: WebhookListFilter): Promise<WebhookSubscription[]> {
  const rows = await sql<WebhookSubscription[]>`
    select ${sql.unsafe(COLUMNS)} from webhook_subscriptions
     where (${filter.tenantId ?? null}::text is null or tenant_id = ${filter.tenantId ?? null})
       and (${filter.roomId ?? null}::text is null or room_id = ${filter.roomId ?? null})
       and (${filter.eventType ?? null}::text is null or event_types ? ${filter.eventType ?? null} or event_types ? '*')
       and (${filter.enabled ?? null}::boolean is null or enabled = ${filter.enabled ?? null})
     order by created_at, id`;
  return rows.map(toSubscription);
}

/** Every enabled subscription (all tenants), oldest first: the dispatcher matches against these. */
export async function listEnabledWebhookSubscriptions(sql: Sql): Promise<WebhookSubscription[]> {
  const rows = await sql<WebhookSubscription[]>`select ${sql.unsafe(COLUMNS)} from webhook_subscriptions where enabled order by created_at, id`;
  return rows.map(toSubscription);
}

/** Inserts or fully updates a subscription. */
export async function saveWebhookSubscription(tx: Sql, s: WebhookSubscription): Promise<void> {
  await tx`
    insert into webhook_subscriptions (id, tenant_id, room_id, actor_id, event_types, target_url, secret, enabled, max_retries,
                                       backoff_ms, timeout_ms, metadata, created_at, updated_at, last_delivered_at, last_error)
    values (${s.id}, ${s.tenantId}, ${s.roomId}, ${s.actorId}, ${JSON.stringify(s.eventTypes)}::text::jsonb, ${s.targetUrl}, ${s.secret},
            ${s.enabled}, ${s.maxRetries}, ${s.backoffMs}, ${s.timeoutMs}, ${JSON.stringify(s.metadata)}::text::jsonb,
            ${s.createdAt}, ${s.updatedAt}, ${s.lastDeliveredAt}, ${s.lastError})
    on conflict (id) do update
       set room_id = excluded.room_id, actor_id = excluded.actor_id, event_types = excluded.event_types,
           target_url = excluded.target_url, secret = excluded.secret, enabled = excluded.enabled,
           max_retries = excluded.max_retries, backoff_ms = excluded.backoff_ms, timeout_ms = excluded.timeout_ms,
           metadata = excluded.metadata, updated_at = excluded.updated_at`;
}

/** Deletes a subscription; its schedule, deliveries and DLQ entries go with it (cascade). */
export async function deleteWebhookSubscription(tx: Sql, id: string): Promise<boolean> {
  const result = await tx`delete from webhook_subscriptions where id = ${id}`;
  return result.count > 0;
}

/** Records a delivery outcome on the subscription (docs/api.md#webhook-subscriptions): success clears the error. */
export async function recordWebhookOutcome(sql: Sql, id: string, outcome: { delivered: true } | { delivered: false; finalError: string | null }): Promise<void> {
  if (outcome.delivered) {
    await sql`update webhook_subscriptions set last_delivered_at = now(), last_error = null, updated_at = now() where id = ${id}`;
  } else if (outcome.finalError !== null) {
    await sql`update webhook_subscriptions set last_error = ${outcome.finalError}, updated_at = now() where id = ${id}`;
  } else {
    await sql`update webhook_subscriptions set updated_at = now() where id = ${id}`;
  }
}
