import { describe, expect, it } from 'vitest';
import { canCountLocally, estimatedCount, type SharedWindowView } from '../src/limits/decide-rate-hit';

const MAX_AGE = 200;
const window = (over: Partial<SharedWindowView> = {}): SharedWindowView => ({ confirmed: 10, confirmedAt: 1_000, sending: 0, unsent: 0, ...over });

describe('canCountLocally (docs/http.md#rate-limits)', () => {
  it('counts locally while Redis confirmed the count moments ago and the hit stays within half the limit', () => {
    expect(canCountLocally(window(), 1_050, 100, MAX_AGE)).toBe(true);
    expect(canCountLocally(window({ confirmed: 49 }), 1_050, 100, MAX_AGE)).toBe(true);
  });

  it('asks Redis before the first hit of a window, and once its answer is older than the maximum age', () => {
    expect(canCountLocally(window({ confirmed: 0, confirmedAt: Number.NEGATIVE_INFINITY }), 1_000, 100, MAX_AGE)).toBe(false);
    expect(canCountLocally(window(), 1_000 + MAX_AGE, 100, MAX_AGE)).toBe(false);
  });

  it('asks Redis for every hit from half the limit on, counting the hits not yet answered or sent', () => {
    expect(canCountLocally(window({ confirmed: 50 }), 1_050, 100, MAX_AGE)).toBe(false);
    expect(canCountLocally(window({ confirmed: 40, sending: 5, unsent: 5 }), 1_050, 100, MAX_AGE)).toBe(false);
    expect(canCountLocally(window({ confirmed: 40, sending: 5, unsent: 4 }), 1_050, 100, MAX_AGE)).toBe(true);
  });

  it('never counts locally under a limit of one', () => {
    expect(canCountLocally(window({ confirmed: 0 }), 1_050, 1, MAX_AGE)).toBe(false);
  });

  it('estimates the count as Redis last answered plus this process hits since', () => {
    expect(estimatedCount(window({ confirmed: 7, sending: 2, unsent: 3 }))).toBe(12);
  });
});
