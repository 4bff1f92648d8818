import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatSpread, formatTable } from '../../bench/lib/format-table';
import { formatReportTable, judgeRow, makeRow } from '../../bench/lib/report-rows';

describe('format helpers', () => {
  it('formats numbers, spreads and percentages', () => {
    expect(formatNumber(12345.678, 1)).toBe('12,345.7');
    expect(formatNumber(null)).toBe('–');
    expect(formatSpread({ median: 3120, min: 2980, max: 3250 })).toBe('3,120 [2,980–3,250]');
    expect(formatSpread({ median: 7, min: 7, max: 7 })).toBe('7');
    expect(formatSpread(null)).toBe('–');
    expect(formatPercent(0.0123)).toBe('1.23%');
  });

  it('pads columns: first left-aligned, others right-aligned, with a rule', () => {
    const text = formatTable(['case', 'n'], [['a', '1'], ['longer', '1,000']]);
    expect(text.split('\n')).toEqual(['case        n', '------  -----', 'a           1', 'longer  1,000']);
  });
});

describe('report rows', () => {
  const spread = (median: number) => ({ median, min: median, max: median });

  it('judges a target on medians and needs every bound met', () => {
    const target = { label: '≥3,000/s, p99≤25', minPerSecond: 3000, maxP99Ms: 25 };
    expect(judgeRow({ perSecond: spread(3100), p99Ms: spread(20) }, target)).toBe(true);
    expect(judgeRow({ perSecond: spread(3100), p99Ms: spread(30) }, target)).toBe(false);
    expect(judgeRow({ perSecond: null, p99Ms: spread(20) }, target)).toBeNull();
    expect(judgeRow({ perSecond: spread(1), p99Ms: null }, null)).toBeNull();
  });

  it('computes the ratio to the ceiling and prints one line per row', () => {
    const row = makeRow({
      name: 'write',
      load: 'c=16',
      perSecond: { median: 1500, min: 1400, max: 1600 },
      p50Ms: spread(5),
      p95Ms: spread(9),
      p99Ms: spread(12),
      errorRate: spread(0),
      loadAverage: 0.5,
      target: { label: '≥3,000/s', minPerSecond: 3000 },
      ceiling: { name: 'pgbench', perSecond: 6000 },
    });
    expect(row.ratio).toBe(0.25);
    expect(row.met).toBe(false);
    const lines = formatReportTable([row]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('1,500 [1,400–1,600]');
    expect(lines[2]).toContain('NO');
    expect(lines[2]).toContain('pgbench 6,000');
    expect(lines[2]).toContain('0.25');
  });
});
