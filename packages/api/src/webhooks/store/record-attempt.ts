import type { Sql } from '@cafe/db';
import type { AttemptRecord } from './delivery-log-store';

export type NextStep = { kind: 'delivered' } | { kind: 'retry'; delayMs: number } | { kind: 'dead'; error: string; dlqId: string };

/**
 * Records a live attempt and its consequence in ONE statement (atomic without a transaction,
 * one round trip): the log row, then the job deleted (delivered, dead) or rescheduled (retry),
 * the DLQ entry (dead) and the subscription's outcome fields (docs/api.md#webhook-subscriptions). A subscription deleted
 * meanwhile leaves nothing behind (every insert checks it still exists).
 */
export async function recordLiveAttempt(sql: Sql, jobId: string, a: AttemptRecord, next: NextStep): Promise<void> {
  const e = a.event;
  const exists = sql`exists (select 1 from webhook_subscriptions where id = ${a.subscriptionId})`;
  const log = sql`
    insert into webhook_deliveries (id, subscription_id, webhook_id, event_id, event_type, tenant_id, room_id, actor_id, success,
                                    attempt, source, dlq_id, duration_ms, status_code, error)
    select ${a.id}, ${a.subscriptionId}, ${a.webhookId}, ${e.eventId}, ${e.type}, ${e.tenantId}, ${e.roomId}, ${e.actorId},
           ${a.error === null}, ${a.attempt}, ${a.source}, ${a.dlqId}, ${Math.round(a.durationMs)}, ${a.statusCode}, ${a.error}
     where ${exists}`;
  if (next.kind === 'delivered') {
    await sql`
      with logged as (${log}), done as (delete from webhook_jobs where id = ${jobId}),
           outcome as (update webhook_subscriptions set last_delivered_at = now(), last_error = null, updated_at = now() where id = ${a.subscriptionId})
      select 1`;
  } else if (next.kind === 'retry') {
    await sql`
      with logged as (${log}),
           later as (update webhook_jobs set attempts = ${a.attempt}, leased_until = null,
                            next_attempt_at = now() + make_interval(secs => ${next.delayMs} / 1000.0) where id = ${jobId}),
           outcome as (update webhook_subscriptions set updated_at = now() where id = ${a.subscriptionId})
      select 1`;
  } else {
    await sql`
      with logged as (${log}), done as (delete from webhook_jobs where id = ${jobId}),
           dead as (insert into webhook_dlq (id, subscription_id, webhook_id, event_id, event_type, tenant_id, room_id, actor_id, payload, error, status)
                    select ${next.dlqId}, ${a.subscriptionId}, ${a.webhookId}, ${e.eventId}, ${e.type}, ${e.tenantId}, ${e.roomId}, ${e.actorId},
                           ${JSON.stringify(e)}::text::jsonb, ${next.error}, 'open'
                     where ${exists}),
           outcome as (update webhook_subscriptions set last_error = ${next.error}, updated_at = now() where id = ${a.subscriptionId})
      select 1`;
  }
}
