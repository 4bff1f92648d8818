import type { Spread } from './run-stats';

/** A number with thousands separators and at most `digits` decimals; `–` for null. */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value == null || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/** `median [min–max]`, or only the median when the runs agree or there was one run. */
export function formatSpread(spread: Spread | null, digits = 0): string {
  if (!spread) return '–';
  const median = formatNumber(spread.median, digits);
  const min = formatNumber(spread.min, digits);
  const max = formatNumber(spread.max, digits);
  return min === max ? median : `${median} [${min}–${max}]`;
}

/** A rate such as 0.0123 as `1.23%`. */
export function formatPercent(value: number | null | undefined): string {
  if (value == null) return '–';
  return `${formatNumber(value * 100, 2)}%`;
}

/**
 * A plain-text table: the first column left-aligned, the others right-aligned, a rule under
 * the header. Widths are measured in characters (the figures are ASCII plus `–`).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
