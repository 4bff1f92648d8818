import type { Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';
import type { DeliverySource } from '../sign-webhook';

/** A delivery log row (docs/api.md#webhook-subscriptions). */
export interface Delivery {
  id: string;
  createdAt: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  tenantId: string;
  roomId: string | null;
  actorId: string | null;
  success: boolean;
  attempt: number;
  source: DeliverySource;
  dlqId: string | null;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

export interface AttemptRecord {
  id: string;
  subscriptionId: string;
  webhookId: string;
  event: EventEnvelope;
  attempt: number;
  source: DeliverySource;
  dlqId: string | null;
  durationMs: number;
  /** Set for successes only (docs/api.md#webhook-subscriptions). */
  statusCode: number | null;
  error: string | null;
}

/** Logs one attempt; false when the subscription is gone (deleted while the attempt ran). */
export async function logDeliveryAttempt(tx: Sql, a: AttemptRecord): Promise<boolean> {
  const result = await tx`
    insert into webhook_deliveries (id, subscription_id, webhook_id, event_id, event_type, tenant_id, room_id, actor_id, success,
                                    attempt, source, dlq_id, duration_ms, status_code, error)
    select ${a.id}, ${a.subscriptionId}, ${a.webhookId}, ${a.event.eventId}, ${a.event.type}, ${a.event.tenantId}, ${a.event.roomId},
           ${a.event.actorId}, ${a.error === null}, ${a.attempt}, ${a.source}, ${a.dlqId}, ${Math.round(a.durationMs)}, ${a.statusCode}, ${a.error}
     where exists (select 1 from webhook_subscriptions where id = ${a.subscriptionId})`;
  return result.count > 0;
}

export interface DeliveryFilter {
  subscriptionId?: string;
  eventId?: string;
  success?: boolean;
  limit: number;
}

/** The delivery log, newest first. */
export async function listDeliveries(sql: Sql, filter: DeliveryFilter): Promise<Delivery[]> {
  const rows = await sql<(Delivery & { createdAt: Date })[]>`
    select id, created_at as "createdAt", subscription_id as "subscriptionId", event_id as "eventId", event_type as "eventType",
           tenant_id as "tenantId", room_id as "roomId", actor_id as "actorId", success, attempt, source, dlq_id as "dlqId",
           duration_ms as "durationMs", status_code as "statusCode", error
      from webhook_deliveries
     where (${filter.subscriptionId ?? null}::text is null or subscription_id::text = ${filter.subscriptionId ?? null})
       and (${filter.eventId ?? null}::text is null or event_id = ${filter.eventId ?? null})
       and (${filter.success ?? null}::boolean is null or success = ${filter.success ?? null})
     order by created_at desc, id desc
     limit ${filter.limit}`;
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
}
