import { randomUUID } from 'node:crypto';
import type { Sql } from '@cafe/db';
import type { Consumer, EventTransport } from '@cafe/bus';
import { normalizeError, type EventEnvelope, type Logger } from '@cafe/shared';
import { readConsumerCheckpoint, saveConsumerCheckpoint } from '../events/consumer-checkpoint-store';
import { createLazyCheckpoint, IDLE_CHECKPOINT_MS } from '../events/lazy-checkpoint';
import { runCommand, type CommandDeps } from '../pipeline/run-command';
import { readQueryValues } from '../request/query';
import { decideReactionTrigger, describeRefusal } from './decide-reaction';
import { buildReactCommand } from './react-command';
import type { ReactionSubscription } from './reaction-subscription';
import { findReactionSubscription, listEnabledReactionSubscriptions, recordReactionFailure } from './reaction-store';

/** The consumer's name: its checkpoint row and its Redis consumer group. */
export const REACTION_CONSUMER = 'reactions';

export interface ReactionStats {
  processed: number;
  triggered: number;
  skipped: number;
  failed: number;
  inFlight: number;
  queued: number;
}

/**
 * The reaction engine (docs/api.md#reaction-subscriptions): a consumer of the event transport with a checkpoint in Postgres.
 * Each batch is handled up to REACTION_MAX_CONCURRENCY events at a time; for one event its
 * matching subscriptions go one after another (oldest first), and one subscription never
 * runs two triggers at once, so its cooldown is judged on its latest record. A reaction runs
 * through the command runner (react-command.ts); the checkpoint moves once the batch is done.
 */
export function createReactionEngine(options: { deps: CommandDeps; transport: EventTransport; logger: Logger; maxConcurrency: number; consumerName: string }) {
  const { deps, logger } = options;
  const sql: Sql = deps.sql;
  const counters = { processed: 0, triggered: 0, skipped: 0, failed: 0 };
  let inFlight = 0;
  let queued = 0;
  let consumer: Consumer | null = null;
  const chains = new Map<string, Promise<void>>();
  const checkpoint = createLazyCheckpoint({ save: (position) => saveConsumerCheckpoint(sql, REACTION_CONSUMER, position), maxDelayMs: IDLE_CHECKPOINT_MS, logger, name: REACTION_CONSUMER });

  /** Runs `task` after the subscription's previous trigger settles. */
  const serialise = (id: string, task: () => Promise<void>) => {
    const next = (chains.get(id) ?? Promise.resolve()).then(task, task);
    chains.set(id, next);
    return next.finally(() => {
      if (chains.get(id) === next) chains.delete(id);
    });
  };

  const trigger = async (listed: ReactionSubscription, event: EventEnvelope) => {
    // The listed copy may be a batch old: cooldown and enabled are judged on the stored record.
    const subscription = await findReactionSubscription(sql, listed.id);
    if (!subscription) return;
    const decision = decideReactionTrigger(subscription, event, new Date(), randomUUID());
    if (decision.kind === 'skip') {
      counters.skipped += 1;
      return;
    }
    if (decision.kind === 'fail') {
      counters.failed += 1;
      await recordReactionFailure(sql, subscription.id, event.eventId, decision.error);
      return;
    }
    const command = buildReactCommand({ subscription, trigger: event, action: decision.action, payload: decision.payload, text: decision.text });
    try {
      const result = await runCommand(
        deps,
        command,
        { body: { subscriptionId: subscription.id, sourceEventId: event.eventId }, params: {}, query: readQueryValues({}), requestId: randomUUID(), callerRole: 'agent' },
        event.eventId,
      );
      // A replay means this trigger already reacted before a restart: nothing new happened.
      if (result.kind === 'executed') counters.triggered += 1;
    } catch (error) {
      const cafe = normalizeError(error);
      const refusal = describeRefusal(cafe);
      if (refusal) counters.skipped += 1;
      else counters.failed += 1;
      await recordReactionFailure(sql, subscription.id, event.eventId, refusal ?? cafe.message);
    }
  };

  const examine = async (event: EventEnvelope, subscriptions: ReactionSubscription[]) => {
    for (const subscription of subscriptions) {
      const quick = decideReactionTrigger({ ...subscription, lastTriggeredAt: null }, event, new Date(), '');
      if (quick.kind === 'skip') {
        counters.skipped += 1;
        continue;
      }
      await serialise(subscription.id, () => trigger(subscription, event));
    }
    counters.processed += 1;
  };

  const handle = async (events: EventEnvelope[]) => {
    const subscriptions = await listEnabledReactionSubscriptions(sql);
    if (subscriptions.length > 0) {
      queued += events.length;
      let next = 0;
      const lane = async () => {
        while (next < events.length) {
          const event = events[next++]!;
          queued -= 1;
          inFlight += 1;
          try {
            await examine(event, subscriptions);
          } finally {
            inFlight -= 1;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.maxConcurrency, events.length) }, lane));
    } else {
      counters.processed += events.length;
      return checkpoint.idle(events[events.length - 1]!.sequence);
    }
    await saveConsumerCheckpoint(sql, REACTION_CONSUMER, events[events.length - 1]!.sequence);
    checkpoint.moved(events[events.length - 1]!.sequence);
  };

  return {
    async start() {
      let after = await readConsumerCheckpoint(sql, REACTION_CONSUMER);
      if (after === null) {
        after = await options.transport.head();
        await saveConsumerCheckpoint(sql, REACTION_CONSUMER, after);
      }
      consumer = options.transport.consume({ group: REACTION_CONSUMER, consumer: options.consumerName, after }, handle);
      logger.info('reaction engine consuming', { after });
    },
    async stop() {
      await consumer?.stop();
      consumer = null;
      await checkpoint.flush();
    },
    stats: (): ReactionStats => ({ ...counters, inFlight, queued }),
  };
}

export type ReactionEngine = ReturnType<typeof createReactionEngine>;
