import { hostname } from 'node:os';
import { runAsLeader, untilAborted, type LeaderLock } from '@cafe/bus';
import { requireSql } from './deps';
import { createReactionEngine, type ReactionEngine } from './reactions/reaction-engine';
import { useCommandDeps, type ApiRuntime } from './runtime';
import { useApiTransport } from './transport';
import { isSsrfGuardOn } from './webhooks/ssrf-guard';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhooks/webhook-dispatcher';

export interface Automation {
  webhooks: WebhookDispatcher;
  reactions: ReactionEngine;
  leadership: LeaderLock;
  stop(): Promise<void>;
}

let automation: Automation | undefined;


/**
 * Webhook delivery and the reaction engine, inside the API process (docs/architecture.md says
 * why). The two consumers of the event transport run in one instance at a time (a Postgres
 * leader lock), so each checkpoint has one writer; the webhook worker, which only leases rows
 * of the schedule, runs in every instance.
 */
export function startAutomation(runtime: ApiRuntime): Automation {
  const sql = requireSql(runtime);
  const transport = useApiTransport(runtime);
  const consumerName = `${hostname()}-${process.pid}`;
  const webhooks = createWebhookDispatcher({
    sql,
    transport,
    logger: runtime.logger,
    maxConcurrency: runtime.env.WEBHOOK_MAX_CONCURRENCY,
    guard: isSsrfGuardOn(runtime.env),
    consumerName,
  });
  const reactions = createReactionEngine({ deps: useCommandDeps(), transport, logger: runtime.logger, maxConcurrency: runtime.env.REACTION_MAX_CONCURRENCY, consumerName });
  void runtime.db.ready.then(() => webhooks.startWorker());
  const leadership = runAsLeader(
    sql,
    { name: 'cafe-api-automation', retryMs: 1000, checkMs: 2000, onError: (error) => runtime.logger.warn('automation leader lock', { error: error.message }) },
    async (signal) => {
      await runtime.db.ready;
      try {
        await webhooks.startScheduler();
        await reactions.start();
        await untilAborted(signal);
      } finally {
        await reactions.stop();
        await webhooks.stopScheduler();
      }
    },
  );
  automation = {
    webhooks,
    reactions,
    leadership,
    async stop() {
      await leadership.stop();
      await reactions.stop();
      await webhooks.stop();
    },
  };
  return automation;
}

/** The running automation, if this process started it (health reads it without starting it). */
export function peekAutomation(): Automation | undefined {
  return automation;
}
