import { describe, expect, it } from 'vitest';
import { computeExpiresAtMs, isExpired, LATEST_EXPIRY_MS, resolveTimeoutSeconds } from '../src/domain/expiry';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('heartbeat expiry (docs/flex-registry.md#stay-alive-heartbeats-and-expiry)', () => {
  it('uses timeoutSeconds, else 3 × intervalSeconds; none without heartbeat', () => {
    expect(resolveTimeoutSeconds({ intervalSeconds: 5, timeoutSeconds: 7 })).toBe(7);
    expect(resolveTimeoutSeconds({ intervalSeconds: 5 })).toBe(15);
    expect(resolveTimeoutSeconds(undefined)).toBeNull();
  });

  it('spec example: interval 5 s, timeout 10 s → active at +10 s, inactive at +15 s', () => {
    const expiresAt = computeExpiresAtMs({ intervalSeconds: 5, timeoutSeconds: 10 }, T0);
    expect(isExpired(expiresAt, T0 + 10_000)).toBe(false);
    expect(isExpired(expiresAt, T0 + 15_000)).toBe(true);
  });

  it('expires strictly after the timeout, not at it', () => {
    const expiresAt = computeExpiresAtMs({ intervalSeconds: 1 }, T0);
    expect(expiresAt).toBe(T0 + 3000);
    expect(isExpired(expiresAt, T0 + 3000)).toBe(false);
    expect(isExpired(expiresAt, T0 + 3001)).toBe(true);
  });

  it('never expires without heartbeat settings, or with a timeout beyond any real date', () => {
    expect(computeExpiresAtMs(undefined, T0)).toBeNull();
    expect(isExpired(null, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(computeExpiresAtMs({ intervalSeconds: Number.MAX_SAFE_INTEGER }, T0)).toBeNull();
    expect(computeExpiresAtMs({ intervalSeconds: 1 }, Number.NaN)).toBeNull();
    const farButReal = computeExpiresAtMs({ intervalSeconds: 1, timeoutSeconds: 100 * 365 * 86400 }, T0);
    expect(farButReal).not.toBeNull();
    expect(farButReal!).toBeLessThanOrEqual(LATEST_EXPIRY_MS);
  });
});
