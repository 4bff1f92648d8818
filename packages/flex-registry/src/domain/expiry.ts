import type { CapabilityHeartbeat } from '@cafe/shared';

/**
 * Expiry instants further out than this (year ~9000) are treated as "never": they cannot time
 * out in practice, and Date/timestamptz arithmetic on them would overflow.
 */
export const LATEST_EXPIRY_MS = Date.UTC(9000, 0, 1);

/** docs/flex-registry.md#stay-alive-heartbeats-and-expiry: `timeoutSeconds` when set, else 3 × `intervalSeconds`; null without heartbeat settings. */
export function resolveTimeoutSeconds(heartbeat: CapabilityHeartbeat | undefined): number | null {
  if (!heartbeat) return null;
  return heartbeat.timeoutSeconds ?? heartbeat.intervalSeconds * 3;
}

/** The instant (epoch ms) a record seen at `referenceMs` times out; null = never. */
export function computeExpiresAtMs(heartbeat: CapabilityHeartbeat | undefined, referenceMs: number): number | null {
  const timeout = resolveTimeoutSeconds(heartbeat);
  if (timeout === null || !Number.isFinite(referenceMs)) return null;
  const expiresAt = referenceMs + timeout * 1000;
  return Number.isFinite(expiresAt) && expiresAt <= LATEST_EXPIRY_MS ? expiresAt : null;
}

/** docs/flex-registry.md#stay-alive-heartbeats-and-expiry: expired when the time since the reference is strictly greater than the timeout. */
export function isExpired(expiresAtMs: number | null, nowMs: number): boolean {
  return expiresAtMs !== null && nowMs > expiresAtMs;
}
