/** What the load gate and the benchmarks report about a set of latencies, in milliseconds. */
export interface LatencySummary {
  count: number;
  minMs: number | null;
  maxMs: number | null;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/**
 * Nearest-rank percentile of samples sorted ascending: the value at index ⌈p/100 × n⌉ − 1
 * (clamped to the array), or null when there are no samples (docs/performance.md#load--slo-gate-npm-run-runtimeload).
 */
export function pickPercentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const index = Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
  return sorted[index]!;
}

/** Rounds to microseconds: finer digits are timer noise and make the JSON unreadable. */
export function roundMs(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Summarises latencies (any order) as count, min, max, mean and nearest-rank p50/p95/p99,
 * every figure rounded to microseconds; all nulls but `count` when there are no samples.
 */
export function summarizeLatencies(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const count = sorted.length;
  if (count === 0) return { count, minMs: null, maxMs: null, avgMs: null, p50Ms: null, p95Ms: null, p99Ms: null };
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count,
    minMs: roundMs(sorted[0]!),
    maxMs: roundMs(sorted[count - 1]!),
    avgMs: roundMs(sum / count),
    p50Ms: roundMs(pickPercentile(sorted, 50)!),
    p95Ms: roundMs(pickPercentile(sorted, 95)!),
    p99Ms: roundMs(pickPercentile(sorted, 99)!),
  };
}
