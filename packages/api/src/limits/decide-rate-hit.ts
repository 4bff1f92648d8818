/**
 * How old Redis's answer for a window may be for this process to keep counting it alone: the
 * other instances' hits it has not seen are at most the ones they made in this time (they
 * send theirs within UNSENT_HITS_FLUSH_MS).
 */
export const SHARED_COUNT_MAX_AGE_MS = 200;
/** How long a hit counted here waits before it is sent to Redis with the others of its batch. */
export const UNSENT_HITS_FLUSH_MS = 50;

/** What this process knows of one shared rate-limit window. */
export interface SharedWindowView {
  /** The window's count in Redis, every instance's hits, as of Redis's last answer. */
  confirmed: number;
  /** When Redis gave that answer (epoch ms); -Infinity before its first. */
  confirmedAt: number;
  /** Hits of this process sent to Redis and not yet answered. */
  sending: number;
  /** Hits of this process answered here and not yet sent. */
  unsent: number;
}

/** The window's count as this process sees it: Redis's last answer plus its own hits since. */
export function estimatedCount(window: SharedWindowView): number {
  return window.confirmed + window.sending + window.unsent;
}

/**
 * Whether the next hit may be answered from this process's count (and sent to Redis later)
 * instead of waiting for Redis: only while Redis confirmed the count moments ago and the
 * count with this hit stays within half the limit. For this answer to be a wrong 200, the
 * other instances would have to make more than half the limit's hits on this client and path
 * within SHARED_COUNT_MAX_AGE_MS; from half the limit on every hit is counted in Redis first,
 * exactly as if nothing were batched. A window's first hit here is always counted in Redis.
 */
export function canCountLocally(window: SharedWindowView, now: number, limit: number, maxAgeMs: number): boolean {
  if (now - window.confirmedAt >= maxAgeMs) return false;
  return estimatedCount(window) + 1 <= Math.floor(limit / 2);
}
