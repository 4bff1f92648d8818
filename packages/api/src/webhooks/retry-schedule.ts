/**
 * Every webhook delivery default and bound in one place (docs/api.md#webhook-subscriptions,
 * docs/api.md#webhook-subscriptions and their Decisions). Stored values stay as sent; these are what the dispatcher uses.
 */
export const WEBHOOK_DEFAULTS = { maxRetries: 3, backoffMs: 1000, timeoutMs: 5000 } as const;
const BOUNDS = { maxRetries: [0, 10], backoffMs: [100, 60_000], timeoutMs: [500, 30_000] } as const;

/**
 * In-flight requests per subscription: one, so a slow target holds one slot, never all of
 * them. A slot takes up to this many of the subscription's due jobs at a time and sends them
 * one after another (one lease query per batch, not per delivery).
 */
export const PER_SUBSCRIPTION_BATCH = 20;
/** A lease outlives the attempt's timeout by this much before another worker may take it over. */
export const LEASE_MARGIN_MS = 5000;

export interface RetrySettings {
  maxRetries: number;
  backoffMs: number;
  timeoutMs: number;
}

const clamp = (value: number, [min, max]: readonly [number, number]) => Math.min(max, Math.max(min, Number.isFinite(value) ? value : min));

/** The effective settings of a subscription: 0 retries honoured, each value clamped. */
export function effectiveRetrySettings(stored: RetrySettings): RetrySettings {
  return {
    maxRetries: Math.floor(clamp(stored.maxRetries, BOUNDS.maxRetries)),
    backoffMs: clamp(stored.backoffMs, BOUNDS.backoffMs),
    timeoutMs: clamp(stored.timeoutMs, BOUNDS.timeoutMs),
  };
}

/** Attempts in a schedule: retries + 1. */
export function totalAttempts(settings: RetrySettings): number {
  return effectiveRetrySettings(settings).maxRetries + 1;
}

/** The wait before retry n (1-based): backoff × 2^(n−1). */
export function retryDelayMs(settings: RetrySettings, retry: number): number {
  return effectiveRetrySettings(settings).backoffMs * 2 ** (retry - 1);
}

export type AttemptOutcome = { ok: true; statusCode: number } | { ok: false; error: string };

/** What follows an attempt (`attempt` is 1-based): done, retry after a delay, or dead-lettered. */
export function decideAfterAttempt(settings: RetrySettings, attempt: number, outcome: AttemptOutcome): { kind: 'delivered' } | { kind: 'retry'; delayMs: number } | { kind: 'dead'; error: string } {
  if (outcome.ok) return { kind: 'delivered' };
  if (attempt < totalAttempts(settings)) return { kind: 'retry', delayMs: retryDelayMs(settings, attempt) };
  return { kind: 'dead', error: outcome.error };
}
