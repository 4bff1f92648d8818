export interface FlushInput {
  /** Events applied since the last flush. */
  pending: number;
  /** When the first of them was applied (epoch ms), or null when none. */
  pendingSince: number | null;
  now: number;
  /** Flush once this many events are pending (spec: 10). */
  flushEvery: number;
  /** PROJECTOR_POLL_MS: the longest a pending event waits. */
  pollMs: number;
  /** Shutting down: write whatever is pending. */
  stopping: boolean;
  /**
   * The last batch was smaller than a full read: nothing more is waiting in the log. The
   * handler holds the consumer while it waits, so waiting then would only delay the flush (and
   * the next events) by `pollMs`.
   */
  caughtUp?: boolean;
}

export type FlushDecision = { kind: 'none' } | { kind: 'now' } | { kind: 'wait'; ms: number };

/**
 * When to flush the projection (spec realtime.md §3.1 Decision): at `flushEvery` pending events,
 * or `pollMs` after the first unflushed one, so a quiet room is never left stale; and at once
 * when the consumer has caught up with the log.
 */
export function decideFlush(input: FlushInput): FlushDecision {
  if (input.pending === 0 || input.pendingSince === null) return { kind: 'none' };
  if (input.stopping || input.caughtUp || input.pending >= input.flushEvery) return { kind: 'now' };
  const due = input.pendingSince + input.pollMs;
  return due <= input.now ? { kind: 'now' } : { kind: 'wait', ms: due - input.now };
}
