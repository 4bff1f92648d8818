import type { Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';

/** A scheduled delivery, with the subscription settings its next attempt uses. */
export interface WebhookJob {
  id: string;
  subscriptionId: string;
  event: EventEnvelope;
  attempts: number;
  targetUrl: string;
  secret: string;
  maxRetries: number;
  backoffMs: number;
  timeoutMs: number;
}

export interface NewWebhookJob {
  id: string;
  subscriptionId: string;
  event: EventEnvelope;
}

/**
 * Schedules deliveries, due now. A (subscription, event) pair already scheduled keeps its row
 * and its `webhook-id`: re-reading events after a crash schedules nothing twice.
 */
export async function scheduleWebhookJobs(tx: Sql, jobs: NewWebhookJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const rows = jobs.map((job) => ({ id: job.id, subscription_id: job.subscriptionId, event_id: job.event.eventId, event_sequence: job.event.sequence, event: JSON.stringify(job.event) }));
  const result = await tx`
    insert into webhook_jobs (id, subscription_id, event_id, event_sequence, event, next_attempt_at)
    select (r->>'id')::uuid, (r->>'subscription_id')::uuid, r->>'event_id', (r->>'event_sequence')::bigint, (r->>'event')::jsonb, now()
      from jsonb_array_elements(${JSON.stringify(rows)}::text::jsonb) as r
      join webhook_subscriptions s on s.id = (r->>'subscription_id')::uuid
    on conflict (subscription_id, event_id) do nothing`;
  return result.count;
}

/**
 * Leases due jobs for this worker: the oldest due job of up to `subscriptions` subscriptions
 * (none of the `busy` ones, already in flight here), and behind each up to `perSubscription`
 * of its next due jobs, which the worker sends one after another. Candidates are picked without
 * locks, then leased by an UPDATE that re-checks the lease under the row lock, so two workers
 * never take the same job. The n-th job of a batch is leased for n × its timeout + the margin;
 * a crashed worker's leases expire and the jobs are taken again.
 */
export async function leaseDueWebhookJobs(sql: Sql, options: { subscriptions: number; perSubscription: number; busy: string[]; marginMs: number }): Promise<WebhookJob[]> {
  if (options.subscriptions <= 0) return [];
  return sql<WebhookJob[]>`
    with ranked as (
      select j.id, j.subscription_id, j.next_attempt_at, j.event_sequence,
             row_number() over (partition by j.subscription_id order by j.next_attempt_at, j.event_sequence, j.id) as rank
        from webhook_jobs j
       where j.next_attempt_at <= now() and (j.leased_until is null or j.leased_until < now())
         and not (j.subscription_id = any(${options.busy}::uuid[]))
    ), chosen as (
      select subscription_id from ranked where rank = 1 order by next_attempt_at, event_sequence limit ${options.subscriptions}
    ), candidates as (
      select r.id, r.rank from ranked r join chosen using (subscription_id) where r.rank <= ${options.perSubscription}
    ), leased as (
      update webhook_jobs j
         set leased_until = now() + make_interval(secs => (c.rank * least(30000, greatest(500, s.timeout_ms)) + ${options.marginMs}) / 1000.0)
        from candidates c, webhook_subscriptions s
       where j.id = c.id and s.id = j.subscription_id and (j.leased_until is null or j.leased_until < now())
      returning j.id, j.subscription_id, j.event, j.attempts, s.target_url, s.secret, s.max_retries, s.backoff_ms, s.timeout_ms, c.rank
    )
    select id, subscription_id as "subscriptionId", event, attempts, target_url as "targetUrl", secret,
           max_retries as "maxRetries", backoff_ms as "backoffMs", timeout_ms as "timeoutMs"
      from leased order by subscription_id, rank`;
}

/** Gives leased jobs back (a worker stopping before it sent them). */
export async function releaseWebhookJobs(sql: Sql, ids: string[]): Promise<void> {
  if (ids.length > 0) await sql`update webhook_jobs set leased_until = null where id = any(${ids}::uuid[])`;
}

/** Jobs waiting (due or not) — the `queued` counter of /healthz. */
export async function countWebhookJobs(sql: Sql): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from webhook_jobs`;
  return row?.count ?? 0;
}

/** When the earliest job not in flight is due, in ms from now (null: nothing scheduled). */
export async function msUntilNextWebhookJob(sql: Sql): Promise<number | null> {
  const [row] = await sql<{ ms: number | null }[]>`
    select greatest(0, extract(epoch from (min(coalesce(greatest(next_attempt_at, leased_until), next_attempt_at)) - now())) * 1000)::float8 as ms
      from webhook_jobs`;
  return row?.ms ?? null;
}
