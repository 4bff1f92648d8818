export interface FlushInput {
  /** Events applied since the last flush. */
  pending: number;
  /** When the first of them was applied (epoch ms), or null when none. */
  pendingSince: number | null;
  now: number;
  /** Flush once this many events are pending (default 10). */
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
  /** When the previous flush ended (epoch ms), or null before the first. */
  lastFlushAt?: number | null;
  /**
   * PROJECTOR_FLUSH_MIN_INTERVAL_MS: the shortest gap between two flushes. A flush rewrites
   * every changed room whole, so under load it pays to fold a few milliseconds more events
   * into each one rather than rewrite a busy room once per command.
   */
  minIntervalMs?: number;
}

export type FlushDecision = { kind: 'none' } | { kind: 'now' } | { kind: 'wait'; ms: number };

/**
 * When to flush the projection: at `flushEvery` pending events, or `pollMs` after the first
 * unflushed one, so a quiet room is never left stale; and as soon as the consumer has caught
 * up with the log — in every case no sooner than `minIntervalMs` after the previous flush.
 */
export function decideFlush(input: FlushInput): FlushDecision {
  if (input.pending === 0 || input.pendingSince === null) return { kind: 'none' };
  if (input.stopping) return { kind: 'now' };
  const earliest = input.lastFlushAt != null && input.minIntervalMs ? input.lastFlushAt + input.minIntervalMs : input.now;
  if (input.caughtUp || input.pending >= input.flushEvery) {
    return earliest <= input.now ? { kind: 'now' } : { kind: 'wait', ms: earliest - input.now };
  }
  const due = Math.max(input.pendingSince + input.pollMs, earliest);
  return due <= input.now ? { kind: 'now' } : { kind: 'wait', ms: due - input.now };
}

export interface FullWriteInput {
  now: number;
  /** When the room's snapshot and fold state were last written whole (epoch ms), or null: never by this process. */
  lastFullAt: number | null;
  /** How many bytes that write took. */
  lastFullBytes: number;
  /** PROJECTOR_FULL_WRITE_BYTES_PER_SEC: the pace whole-room writes of one room may keep. */
  bytesPerSecond: number;
  /** The longest a room may go without a whole write (the presence hash's TTL allows no more). */
  maxAgeMs: number;
  stopping: boolean;
}

/**
 * Whether a flush rewrites a changed room whole (its snapshot and fold state, both as large as
 * the room) or only what changed (state counters, new chat and orders, the actors that moved,
 * stream entries). A small room is rewritten on every flush; a room of thousands of actors at
 * most once per `lastFullBytes / bytesPerSecond`, so its cost per flush stops growing with its
 * size. A restart resumes from before the oldest change not yet written whole, so nothing is
 * lost by waiting.
 */
export function decideFullWrite(input: FullWriteInput): boolean {
  if (input.stopping || input.lastFullAt === null) return true;
  const age = input.now - input.lastFullAt;
  if (age >= input.maxAgeMs) return true;
  return age >= (input.lastFullBytes / input.bytesPerSecond) * 1000;
}
