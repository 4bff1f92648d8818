import { describe, expect, it } from 'vitest';
import { pickPercentile, summarizeLatencies } from '../lib/load/percentile';

describe('pickPercentile (nearest rank)', () => {
  it('takes the sorted value at index ceil(p/100 × n) − 1', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(pickPercentile(sorted, 50)).toBe(5);
    expect(pickPercentile(sorted, 95)).toBe(10);
    expect(pickPercentile(sorted, 90)).toBe(9);
    expect(pickPercentile(sorted, 91)).toBe(10);
    expect(pickPercentile(sorted, 10)).toBe(1);
  });

  it('clamps p = 0 to the first sample and returns null without samples', () => {
    expect(pickPercentile([4, 8], 0)).toBe(4);
    expect(pickPercentile([7], 99)).toBe(7);
    expect(pickPercentile([], 50)).toBeNull();
  });
});

describe('summarizeLatencies', () => {
  it('sorts, averages and rounds to microseconds', () => {
    const summary = summarizeLatencies([3.0004, 1, 2, 100]);
    expect(summary).toEqual({ count: 4, minMs: 1, maxMs: 100, avgMs: 26.5, p50Ms: 2, p95Ms: 100, p99Ms: 100 });
  });

  it('p99 of 1..1000 is 990 and p95 is 950', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const summary = summarizeLatencies(samples);
    expect(summary.p50Ms).toBe(500);
    expect(summary.p95Ms).toBe(950);
    expect(summary.p99Ms).toBe(990);
  });

  it('gives nulls for an empty run', () => {
    expect(summarizeLatencies([])).toEqual({ count: 0, minMs: null, maxMs: null, avgMs: null, p50Ms: null, p95Ms: null, p99Ms: null });
  });
});
