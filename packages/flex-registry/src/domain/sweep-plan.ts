/** What the sweeper learns from one cheap look at the table. */
export interface SweepHorizon {
  /** Earliest expiry among active records (epoch ms), or null. */
  nextExpiryMs: number | null;
  /** Oldest last-change instant among inactive records (epoch ms), or null. */
  oldestInactiveMs: number | null;
}

/** True when some active record has expired, or some inactive one is due for removal. */
export function isSweepDue(horizon: SweepHorizon, nowMs: number, deregisterAfterSeconds: number): boolean {
  if (horizon.nextExpiryMs !== null && nowMs > horizon.nextExpiryMs) return true;
  return deregisterAfterSeconds > 0 && horizon.oldestInactiveMs !== null && nowMs > horizon.oldestInactiveMs + deregisterAfterSeconds * 1000;
}

/**
 * How long the sweeper sleeps: until just after the next known expiry or removal, but never
 * longer than `tickMs`, since another instance may register an earlier expiry meanwhile.
 */
export function nextSweepDelayMs(horizon: SweepHorizon, nowMs: number, deregisterAfterSeconds: number, tickMs: number): number {
  const due: number[] = [];
  if (horizon.nextExpiryMs !== null) due.push(horizon.nextExpiryMs + 1);
  if (deregisterAfterSeconds > 0 && horizon.oldestInactiveMs !== null) {
    due.push(horizon.oldestInactiveMs + deregisterAfterSeconds * 1000 + 1);
  }
  const soonest = due.length > 0 ? Math.min(...due) - nowMs : tickMs;
  return Math.min(tickMs, Math.max(0, soonest));
}
