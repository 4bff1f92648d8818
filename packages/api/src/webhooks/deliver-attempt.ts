import { randomUUID } from 'node:crypto';
import type { Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';
import { decideAfterAttempt, effectiveRetrySettings, type RetrySettings } from './retry-schedule';
import { sendWebhookAttempt } from './send-attempt';
import { buildSignedRequest, type DeliverySource } from './sign-webhook';
import { logDeliveryAttempt, type AttemptRecord } from './store/delivery-log-store';

export interface AttemptTarget extends RetrySettings {
  subscriptionId: string;
  targetUrl: string;
  secret: string;
}

export interface AttemptInput {
  target: AttemptTarget;
  webhookId: string;
  event: EventEnvelope;
  /** 1-based. */
  attempt: number;
  source: DeliverySource;
  dlqId: string | null;
  guard: boolean;
}

/**
 * Sends one signed attempt and decides what follows; the caller writes the log row (with
 * `logAttempt`) and the schedule change in one transaction.
 */
export async function sendAttempt(input: AttemptInput) {
  const settings = effectiveRetrySettings(input.target);
  const request = buildSignedRequest({
    secret: input.target.secret,
    webhookId: input.webhookId,
    subscriptionId: input.target.subscriptionId,
    source: input.source,
    event: input.event,
    now: new Date(),
  });
  const result = await sendWebhookAttempt(input.target.targetUrl, request, { timeoutMs: settings.timeoutMs, guard: input.guard });
  const next = decideAfterAttempt(input.target, input.attempt, result);
  return { result, next };
}

/** The delivery log row of one attempt. */
export function toAttemptRecord(input: AttemptInput, result: Awaited<ReturnType<typeof sendAttempt>>['result']): AttemptRecord {
  return {
    id: randomUUID(),
    subscriptionId: input.target.subscriptionId,
    webhookId: input.webhookId,
    event: input.event,
    attempt: input.attempt,
    source: input.source,
    dlqId: input.dlqId,
    durationMs: result.durationMs,
    statusCode: result.ok ? result.statusCode : null,
    error: result.ok ? null : result.error,
  };
}

/** Writes one attempt to the delivery log; false when its subscription is gone. */
export function logAttempt(sql: Sql, input: AttemptInput, result: Awaited<ReturnType<typeof sendAttempt>>['result']): Promise<boolean> {
  return logDeliveryAttempt(sql, toAttemptRecord(input, result));
}
