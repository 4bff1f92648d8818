import { formatNumber, formatPercent, formatSpread, formatTable } from './format-table';
import { meetsTarget, ratioOf, type Spread } from './run-stats';

/** One line of the benchmark table. */
export interface ReportRow {
  name: string;
  /** Client concurrency, or subscribers for fanout. */
  load: string;
  /** Requests, transactions or deliveries per second. */
  perSecond: Spread | null;
  p50Ms: Spread | null;
  p95Ms: Spread | null;
  p99Ms: Spread | null;
  errorRate: Spread | null;
  target: string;
  met: boolean | null;
  ceiling: { name: string; perSecond: number } | null;
  /** perSecond median / ceiling. */
  ratio: number | null;
  /** Machine 1-minute load average during the case (median of its runs). */
  loadAverage: number | null;
  /** CPU used by processes outside the benchmark during the case, % of one core (median of its runs). */
  othersCpuPct?: number | null;
}

/** The figures a target can bound, for `judgeRow`. */
export interface RowTarget {
  label: string;
  minPerSecond?: number;
  maxP99Ms?: number;
}

/** Whether a row meets its target (medians): null when it has none or lacks the figure. */
export function judgeRow(row: Pick<ReportRow, 'perSecond' | 'p99Ms'>, target: RowTarget | null): boolean | null {
  if (!target) return null;
  const checks: (boolean | null)[] = [];
  if (target.minPerSecond !== undefined) checks.push(meetsTarget(row.perSecond?.median, { min: target.minPerSecond }));
  if (target.maxP99Ms !== undefined) checks.push(meetsTarget(row.p99Ms?.median, { max: target.maxP99Ms }));
  if (checks.some((check) => check === null)) return null;
  return checks.every(Boolean);
}

/** Builds a row, judging its target and its ratio to the ceiling. */
export function makeRow(
  fields: Omit<ReportRow, 'target' | 'met' | 'ratio' | 'ceiling'> & { target?: RowTarget | null; ceiling?: ReportRow['ceiling'] },
): ReportRow {
  const target = fields.target ?? null;
  const ceiling = fields.ceiling ?? null;
  return {
    ...fields,
    target: target?.label ?? '',
    met: judgeRow(fields, target),
    ceiling,
    ratio: ratioOf(fields.perSecond?.median, ceiling?.perSecond),
  };
}

const HEADER = ['case', 'load', 'per s (median [min–max])', 'p50 ms', 'p95 ms', 'p99 ms [min–max]', 'errors', 'target', 'met', 'ceiling', 'ratio', 'loadavg', 'others %'];

/** The benchmark table as text: one line per row, medians with the spread of the runs. */
export function formatReportTable(rows: readonly ReportRow[]): string {
  return formatTable(
    HEADER,
    rows.map((row) => [
      row.name,
      row.load,
      formatSpread(row.perSecond),
      formatNumber(row.p50Ms?.median, 1),
      formatNumber(row.p95Ms?.median, 1),
      formatSpread(row.p99Ms, 1),
      row.errorRate ? formatPercent(row.errorRate.median) : '–',
      row.target || '–',
      row.met === null ? '–' : row.met ? 'yes' : 'NO',
      row.ceiling ? `${row.ceiling.name} ${formatNumber(row.ceiling.perSecond)}` : '–',
      row.ratio === null ? '–' : formatNumber(row.ratio, 3),
      formatNumber(row.loadAverage, 2),
      formatNumber(row.othersCpuPct),
    ]),
  );
}
