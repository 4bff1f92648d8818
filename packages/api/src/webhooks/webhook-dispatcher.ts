import { randomUUID } from 'node:crypto';
import type { Sql } from '@cafe/db';
import type { Consumer, EventTransport } from '@cafe/bus';
import type { EventEnvelope, Logger } from '@cafe/shared';
import { readConsumerCheckpoint, saveConsumerCheckpoint } from '../events/consumer-checkpoint-store';
import { createLazyCheckpoint, IDLE_CHECKPOINT_MS } from '../events/lazy-checkpoint';
import { createWake } from '../events/wake-signal';
import { sendAttempt, toAttemptRecord, type AttemptInput } from './deliver-attempt';
import { LEASE_MARGIN_MS, PER_SUBSCRIPTION_BATCH } from './retry-schedule';
import { countWebhookJobs, leaseDueWebhookJobs, msUntilNextWebhookJob, releaseWebhookJobs, scheduleWebhookJobs, type WebhookJob } from './store/job-store';
import { recordLiveAttempt } from './store/record-attempt';
import { listEnabledWebhookSubscriptions } from './store/subscription-store';
import { matchesWebhook } from './webhook-subscription';

/** The consumer's name: its checkpoint row and its Redis consumer group. */
export const WEBHOOK_CONSUMER = 'webhooks';
/** How often an idle worker looks for jobs other instances scheduled. */
const IDLE_POLL_MS = 1000;

export interface WebhookDispatcherOptions {
  sql: Sql;
  transport: EventTransport;
  logger: Logger;
  maxConcurrency: number;
  guard: boolean;
  consumerName: string;
}

export interface WebhookStats {
  processed: number;
  delivered: number;
  failed: number;
  retried: number;
  dlq: number;
  inFlight: number;
  queued: number | null;
}

/**
 * Webhook delivery in two halves. The scheduler consumes the event transport (one active
 * instance, see automation.ts) and turns each matching (event, subscription) into a row of
 * `webhook_jobs` in the same transaction that moves its checkpoint: an event is scheduled
 * exactly once, whenever it committed. The worker (every instance) leases due rows, at most
 * WEBHOOK_MAX_CONCURRENCY subscriptions at once with one request in flight each, sends them,
 * and records each attempt with its next step (done, retry at a time, or DLQ) in one
 * statement. Retries wait in
 * Postgres, not in memory, so a restart resumes the schedule where it was.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions) {
  const { sql, logger } = options;
  const counters = { processed: 0, delivered: 0, failed: 0, retried: 0, dlq: 0 };
  /** The slot running here for a subscription (one at most each). */
  const inFlight = new Map<string, Promise<void>>();
  const wake = createWake();
  let consumer: Consumer | null = null;
  let stopped = true;
  let loop: Promise<void> | null = null;
  let lastLoopError = '';
  const checkpoint = createLazyCheckpoint({ save: (position) => saveConsumerCheckpoint(sql, WEBHOOK_CONSUMER, position), maxDelayMs: IDLE_CHECKPOINT_MS, logger, name: WEBHOOK_CONSUMER });

  const schedule = async (events: EventEnvelope[]) => {
    const subscriptions = await listEnabledWebhookSubscriptions(sql);
    const jobs = events.flatMap((event) =>
      subscriptions.filter((subscription) => matchesWebhook(subscription, event)).map((subscription) => ({ id: randomUUID(), subscriptionId: subscription.id, event })),
    );
    const last = events[events.length - 1]!.sequence;
    counters.processed += events.length;
    if (jobs.length === 0) return checkpoint.idle(last);
    await sql.begin(async (tx) => {
      await scheduleWebhookJobs(tx as unknown as Sql, jobs);
      await saveConsumerCheckpoint(tx as unknown as Sql, WEBHOOK_CONSUMER, last);
    });
    checkpoint.moved(last);
    if (jobs.length > 0) wake.wake();
  };

  const attempt = async (job: WebhookJob) => {
    const input: AttemptInput = {
      target: job,
      webhookId: job.id,
      event: job.event,
      attempt: job.attempts + 1,
      source: 'live',
      dlqId: null,
      guard: options.guard,
    };
    const { result, next } = await sendAttempt(input);
    await recordLiveAttempt(sql, job.id, toAttemptRecord(input, result), next.kind === 'dead' ? { ...next, dlqId: randomUUID() } : next);
    if (next.kind === 'delivered') counters.delivered += 1;
    else if (next.kind === 'retry') counters.retried += 1;
    else {
      counters.failed += 1;
      counters.dlq += 1;
    }
  };

  /** One slot: a subscription's leased jobs, one after another. */
  const start = (subscriptionId: string, jobs: WebhookJob[]) => {
    const slot = async () => {
      for (const [index, job] of jobs.entries()) {
        if (stopped) {
          // Stopping: what was not sent goes back at once instead of waiting for its lease.
          await releaseWebhookJobs(sql, jobs.slice(index).map((left) => left.id)).catch(() => {});
          break;
        }
        try {
          await attempt(job);
        } catch (error) {
          logger.warn('webhook attempt not recorded; it is retried when its lease expires', { subscriptionId, eventId: job.event.eventId, error: (error as Error).message });
        }
      }
      inFlight.delete(subscriptionId);
      wake.wake();
    };
    inFlight.set(subscriptionId, slot());
  };

  const work = async () => {
    while (!stopped) {
      try {
        const free = options.maxConcurrency - inFlight.size;
        const jobs = free > 0 ? await leaseDueWebhookJobs(sql, { subscriptions: free, perSubscription: PER_SUBSCRIPTION_BATCH, busy: [...inFlight.keys()], marginMs: LEASE_MARGIN_MS }) : [];
        const bySubscription = new Map<string, WebhookJob[]>();
        for (const job of jobs) bySubscription.set(job.subscriptionId, [...(bySubscription.get(job.subscriptionId) ?? []), job]);
        for (const [subscriptionId, batch] of bySubscription) start(subscriptionId, batch);
        lastLoopError = '';
        if (bySubscription.size > 0 && bySubscription.size < free) continue;
        // Every slot taken, or due jobs only for subscriptions already in flight here: a
        // finishing attempt wakes the loop.
        const dueIn = jobs.length === 0 ? await msUntilNextWebhookJob(sql) : 0;
        await wake.wait(dueIn === null || dueIn === 0 ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, Math.max(5, dueIn)));
      } catch (error) {
        const message = (error as Error).message;
        if (message !== lastLoopError) logger.warn('webhook worker cannot read its schedule', { error: message });
        lastLoopError = message;
        await wake.wait(1000);
      }
    }
  };

  return {
    /** Runs the worker half (every instance). */
    startWorker() {
      if (!stopped) return;
      stopped = false;
      loop = work();
    },
    /** Runs the scheduler half: consume events from the stored checkpoint (one active instance). */
    async startScheduler() {
      let after = await readConsumerCheckpoint(sql, WEBHOOK_CONSUMER);
      if (after === null) {
        // A first start delivers from now on, not the whole history.
        after = await options.transport.head();
        await saveConsumerCheckpoint(sql, WEBHOOK_CONSUMER, after);
      }
      consumer = options.transport.consume({ group: WEBHOOK_CONSUMER, consumer: options.consumerName, after }, schedule);
      logger.info('webhook scheduler consuming', { after });
    },
    async stopScheduler() {
      await consumer?.stop();
      consumer = null;
      await checkpoint.flush();
    },
    async stop() {
      stopped = true;
      wake.wake();
      await this.stopScheduler();
      await loop;
      await Promise.all([...inFlight.values()]);
    },
    /** A new due job may exist (a replay or a test): look now. */
    wake: () => wake.wake(),
    async stats(): Promise<WebhookStats> {
      const queued = await countWebhookJobs(sql).catch(() => null);
      return { ...counters, inFlight: inFlight.size, queued };
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
