import { describe, expect, it } from 'vitest';
import { decideRegistration, registrationTransition } from '../src/domain/status-transition';
import { isSweepDue, nextSweepDelayMs } from '../src/domain/sweep-plan';

describe('registration transitions', () => {
  it('new → registered, inactive → reactivated, active → refreshed', () => {
    expect(decideRegistration(null)).toBe('registered');
    expect(decideRegistration('inactive')).toBe('reactivated');
    expect(decideRegistration('active')).toBe('refreshed');
  });

  it('publishes only real status changes', () => {
    expect(registrationTransition('refreshed', 'x', '1', 5)).toBeNull();
    expect(registrationTransition('registered', 'x', '1', 5)).toEqual({ capabilityId: 'x', from: null, to: 'active', reason: 'registered', version: '1', atMs: 5 });
    expect(registrationTransition('reactivated', 'x', '2', 6)).toEqual({ capabilityId: 'x', from: 'inactive', to: 'active', reason: 'reactivated', version: '2', atMs: 6 });
  });
});

describe('sweep planning', () => {
  it('is due once an expiry has passed (strictly) or a removal is due', () => {
    expect(isSweepDue({ nextExpiryMs: 1000, oldestInactiveMs: null }, 1000, 0)).toBe(false);
    expect(isSweepDue({ nextExpiryMs: 1000, oldestInactiveMs: null }, 1001, 0)).toBe(true);
    expect(isSweepDue({ nextExpiryMs: null, oldestInactiveMs: 0 }, 10_000, 0)).toBe(false);
    expect(isSweepDue({ nextExpiryMs: null, oldestInactiveMs: 0 }, 10_000, 10)).toBe(false);
    expect(isSweepDue({ nextExpiryMs: null, oldestInactiveMs: 0 }, 10_001, 10)).toBe(true);
  });

  it('sleeps until just after the next due instant, at most one tick', () => {
    expect(nextSweepDelayMs({ nextExpiryMs: null, oldestInactiveMs: null }, 0, 0, 250)).toBe(250);
    expect(nextSweepDelayMs({ nextExpiryMs: 100, oldestInactiveMs: null }, 0, 0, 250)).toBe(101);
    expect(nextSweepDelayMs({ nextExpiryMs: 10_000, oldestInactiveMs: null }, 0, 0, 250)).toBe(250);
    expect(nextSweepDelayMs({ nextExpiryMs: 10_000, oldestInactiveMs: 0 }, 0, 1, 2000)).toBe(1001);
    expect(nextSweepDelayMs({ nextExpiryMs: 5, oldestInactiveMs: null }, 50, 0, 250)).toBe(0);
  });
});
