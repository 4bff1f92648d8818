/** Median of several runs with the smallest and largest, as every benchmark figure is reported. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The spread of the non-null values; null when none. An even count takes the mean of the middle two. */
export function spreadOf(values: readonly (number | null | undefined)[]): Spread | null {
  const sorted = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** The figures of one run that a case summarises. */
export interface RunFigures {
  reqPerSec: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  errorRate: number;
}

export interface CaseSummary {
  runs: number;
  reqPerSec: Spread | null;
  p50Ms: Spread | null;
  p95Ms: Spread | null;
  p99Ms: Spread | null;
  errorRate: Spread | null;
}

/** Summarises the runs of one case figure by figure (each figure's own median, min and max). */
export function summarizeRuns(runs: readonly RunFigures[]): CaseSummary {
  return {
    runs: runs.length,
    reqPerSec: spreadOf(runs.map((run) => run.reqPerSec)),
    p50Ms: spreadOf(runs.map((run) => run.p50Ms)),
    p95Ms: spreadOf(runs.map((run) => run.p95Ms)),
    p99Ms: spreadOf(runs.map((run) => run.p99Ms)),
    errorRate: spreadOf(runs.map((run) => run.errorRate)),
  };
}

/** value / ceiling rounded to three places; null when either is missing or the ceiling is zero. */
export function ratioOf(value: number | null | undefined, ceiling: number | null | undefined): number | null {
  if (value == null || ceiling == null || ceiling === 0) return null;
  return Math.round((value / ceiling) * 1000) / 1000;
}

/** A target a figure is reported against: at least `min` or at most `max` of something. */
export interface Target {
  label: string;
  min?: number;
  max?: number;
}

/** Whether a measured value meets every bound of a target; null when there is no value. */
export function meetsTarget(value: number | null | undefined, target: Pick<Target, 'min' | 'max'>): boolean | null {
  if (value == null) return null;
  if (target.min !== undefined && value < target.min) return false;
  if (target.max !== undefined && value > target.max) return false;
  return true;
}
