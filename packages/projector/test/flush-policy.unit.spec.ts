import { describe, expect, it } from 'vitest';
import { decideFlush, decideFullWrite } from '../src/flush-policy';

const base = { pending: 0, pendingSince: null, now: 10_000, flushEvery: 10, pollMs: 2000, stopping: false };

describe('decideFlush (docs/transport.md#projector)', () => {
  it('does nothing with nothing pending', () => {
    expect(decideFlush(base)).toEqual({ kind: 'none' });
  });

  it('flushes at 10 pending events', () => {
    expect(decideFlush({ ...base, pending: 10, pendingSince: 9_999 })).toEqual({ kind: 'now' });
    expect(decideFlush({ ...base, pending: 9, pendingSince: 9_999 })).toEqual({ kind: 'wait', ms: 1999 });
  });

  it('flushes a partial batch once PROJECTOR_POLL_MS passed since the first unflushed event', () => {
    expect(decideFlush({ ...base, pending: 1, pendingSince: 8_000 })).toEqual({ kind: 'now' });
    expect(decideFlush({ ...base, pending: 1, pendingSince: 7_000 })).toEqual({ kind: 'now' });
    expect(decideFlush({ ...base, pending: 1, pendingSince: 9_500 })).toEqual({ kind: 'wait', ms: 1500 });
  });

  it('flushes at once when the consumer has caught up with the log', () => {
    expect(decideFlush({ ...base, pending: 2, pendingSince: 9_999, caughtUp: true })).toEqual({ kind: 'now' });
    expect(decideFlush({ ...base, pending: 2, pendingSince: 9_999, caughtUp: false })).toEqual({ kind: 'wait', ms: 1999 });
  });

  it('never flushes sooner than the minimum interval after the previous flush, except when stopping', () => {
    const recent = { ...base, pending: 2, pendingSince: 9_999, lastFlushAt: 9_990, minIntervalMs: 25 };
    expect(decideFlush({ ...recent, caughtUp: true })).toEqual({ kind: 'wait', ms: 15 });
    expect(decideFlush({ ...recent, pending: 10 })).toEqual({ kind: 'wait', ms: 15 });
    expect(decideFlush({ ...recent, caughtUp: true, now: 10_015 })).toEqual({ kind: 'now' });
    expect(decideFlush({ ...recent, caughtUp: true, stopping: true })).toEqual({ kind: 'now' });
    expect(decideFlush({ ...recent, caughtUp: true, lastFlushAt: null })).toEqual({ kind: 'now' });
  });

  it('flushes whatever is pending when stopping', () => {
    expect(decideFlush({ ...base, pending: 1, pendingSince: 9_999, stopping: true })).toEqual({ kind: 'now' });
  });
});

describe('decideFullWrite: whole-room writes of a large room keep a pace (docs/transport.md#projector)', () => {
  const room = { now: 10_000, lastFullAt: 9_900, lastFullBytes: 1_000, bytesPerSecond: 4_000_000, maxAgeMs: 30_000, stopping: false };

  it('rewrites a small room on every flush', () => {
    expect(decideFullWrite(room)).toBe(true);
  });

  it('rewrites a 2 MB room only once 0.5 s have passed since its last whole write at 4 MB/s', () => {
    expect(decideFullWrite({ ...room, lastFullBytes: 2_000_000, lastFullAt: 9_600 })).toBe(false);
    expect(decideFullWrite({ ...room, lastFullBytes: 2_000_000, lastFullAt: 9_500 })).toBe(true);
  });

  it('always rewrites a room it never wrote, when stopping, and once the presence TTL would run out', () => {
    const large = { ...room, lastFullBytes: 400_000_000 };
    expect(decideFullWrite(large)).toBe(false);
    expect(decideFullWrite({ ...large, lastFullAt: null })).toBe(true);
    expect(decideFullWrite({ ...large, stopping: true })).toBe(true);
    expect(decideFullWrite({ ...large, lastFullAt: 10_000 - 30_000 })).toBe(true);
  });
});
