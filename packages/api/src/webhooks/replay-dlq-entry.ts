import type { Sql } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import { logAttempt, sendAttempt, type AttemptInput } from './deliver-attempt';
import { findDlqEntry, markDlqReplayed } from './store/dlq-store';
import { findWebhookSubscription, recordWebhookOutcome } from './store/subscription-store';

export interface ReplayOutcome {
  dlqId: string;
  eventId: string;
  subscriptionId: string;
  error: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * DLQ replay (docs/api.md#webhook-subscriptions): the whole retry schedule, synchronously, with source `dlq_replay`, the
 * entry's id and the delivery's original `webhook-id` (a receiver that got the first delivery
 * late can still drop the duplicate). The subscription's `enabled` and filters are ignored.
 * The entry is updated in place (Decision: a failed replay creates no new entry). Attempts and
 * the entry are written through the pool as they happen: they are facts, whatever the
 * request's own transaction does.
 */
export async function replayDlqEntry(pool: Sql, dlqId: string, options: { guard: boolean; correlationId: string }): Promise<ReplayOutcome> {
  const entry = await findDlqEntry(pool, dlqId);
  if (!entry) throw new CafeError('ERR_NOT_FOUND', 'DLQ entry not found', { dlqId, correlationId: options.correlationId });
  const subscription = await findWebhookSubscription(pool, entry.subscriptionId);
  if (!subscription) {
    await markDlqReplayed(pool, dlqId, 'subscription not found');
    throw new CafeError('ERR_NOT_FOUND', 'Subscription missing for DLQ entry', { dlqId, correlationId: options.correlationId });
  }
  const event = entry.payload;
  if (!event?.eventId) throw new CafeError('ERR_NOT_FOUND', 'Event missing for DLQ entry', { dlqId, correlationId: options.correlationId });
  let error: string | null = null;
  for (let attempt = 1; ; attempt += 1) {
    const input: AttemptInput = {
      target: { ...subscription, subscriptionId: subscription.id },
      webhookId: entry.webhookId,
      event,
      attempt,
      source: 'dlq_replay',
      dlqId,
      guard: options.guard,
    };
    const { result, next } = await sendAttempt(input);
    await logAttempt(pool, input, result);
    if (next.kind === 'retry') {
      await sleep(next.delayMs);
      continue;
    }
    error = next.kind === 'dead' ? next.error : null;
    break;
  }
  await markDlqReplayed(pool, dlqId, error);
  await recordWebhookOutcome(pool, subscription.id, error === null ? { delivered: true } : { delivered: false, finalError: error });
  return { dlqId, eventId: event.eventId, subscriptionId: subscription.id, error };
}
