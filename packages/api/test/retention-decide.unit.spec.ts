import { describe, expect, it } from 'vitest';
import { decideRetentionCutoffs, IDEMPOTENCY_DELETE_MARGIN_MS, shouldSweepAnotherBatch } from '../src/retention/decide-retention';

describe('retention cutoffs', () => {
  it('deletes idempotency records a margin after their expiry and traces older than the retention', () => {
    const now = new Date('2026-03-01T12:00:00.000Z');
    const cutoffs = decideRetentionCutoffs(now, 7 * 86_400_000);
    expect(cutoffs.idempotencyExpiredBy.getTime()).toBe(now.getTime() - IDEMPOTENCY_DELETE_MARGIN_MS);
    expect(cutoffs.tracesStartedBefore.toISOString()).toBe('2026-02-22T12:00:00.000Z');
  });

  it('goes on only after a full batch, and never past the batch budget', () => {
    expect(shouldSweepAnotherBatch(100, 100, 1, 3)).toBe(true);
    expect(shouldSweepAnotherBatch(99, 100, 1, 3)).toBe(false);
    expect(shouldSweepAnotherBatch(0, 100, 1, 3)).toBe(false);
    expect(shouldSweepAnotherBatch(100, 100, 3, 3)).toBe(false);
  });
});
