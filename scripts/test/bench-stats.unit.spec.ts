import { describe, expect, it } from 'vitest';
import { readBenchOptions } from '../../bench/lib/bench-options';
import { parsePgbenchOutput } from '../../bench/lib/pgbench';
import { meetsTarget, ratioOf, spreadOf, summarizeRuns } from '../../bench/lib/run-stats';

describe('spreadOf', () => {
  it('gives the median with min and max, ignoring missing values', () => {
    expect(spreadOf([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spreadOf([4, null, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(spreadOf([null, undefined])).toBeNull();
    expect(spreadOf([])).toBeNull();
  });
});

describe('summarizeRuns', () => {
  it('takes each figure\'s own median across runs', () => {
    const summary = summarizeRuns([
      { reqPerSec: 100, p50Ms: 5, p95Ms: 9, p99Ms: 30, errorRate: 0 },
      { reqPerSec: 300, p50Ms: 4, p95Ms: 8, p99Ms: 10, errorRate: 0.5 },
      { reqPerSec: 200, p50Ms: 6, p95Ms: 7, p99Ms: 20, errorRate: 0 },
    ]);
    expect(summary.runs).toBe(3);
    expect(summary.reqPerSec).toEqual({ median: 200, min: 100, max: 300 });
    expect(summary.p99Ms).toEqual({ median: 20, min: 10, max: 30 });
    expect(summary.errorRate).toEqual({ median: 0, min: 0, max: 0.5 });
  });
});

describe('ratioOf and meetsTarget', () => {
  it('divides by the ceiling, or gives null', () => {
    expect(ratioOf(1500, 3000)).toBe(0.5);
    expect(ratioOf(1, 3)).toBe(0.333);
    expect(ratioOf(null, 3000)).toBeNull();
    expect(ratioOf(10, 0)).toBeNull();
  });

  it('checks minimum and maximum bounds', () => {
    expect(meetsTarget(3000, { min: 3000 })).toBe(true);
    expect(meetsTarget(2999, { min: 3000 })).toBe(false);
    expect(meetsTarget(25, { max: 25 })).toBe(true);
    expect(meetsTarget(25.1, { max: 25 })).toBe(false);
    expect(meetsTarget(null, { max: 25 })).toBeNull();
  });
});

describe('parsePgbenchOutput', () => {
  it('reads tps, latency and the transaction count', () => {
    const output = [
      'transaction type: /tmp/insert.sql',
      'number of clients: 16',
      'number of transactions actually processed: 22140',
      'latency average = 3.612 ms',
      'initial connection time = 12.345 ms',
      'tps = 4429.712345 (without initial connection time)',
    ].join('\n');
    expect(parsePgbenchOutput(output)).toEqual({ tps: 4430, latencyAvgMs: 3.612, transactions: 22140 });
  });

  it('throws with pgbench\'s own words when there is no tps line', () => {
    expect(() => parsePgbenchOutput('pgbench: error: connection to server failed')).toThrow(/connection to server failed/);
  });
});

describe('readBenchOptions', () => {
  it('has defaults and accepts comma lists', () => {
    expect(readBenchOptions({})).toEqual({ runs: 3, seconds: 5, warmupSeconds: 3, concurrencies: [16, 64], only: new Set(['ceilings', 'write', 'read', 'idempotent-replay', 'fanout', 'webhooks']) });
    const options = readBenchOptions({ BENCH_RUNS: '5', BENCH_CONCURRENCY: '8, x, 32', BENCH_ONLY: 'write,nonsense' });
    expect(options.runs).toBe(5);
    expect(options.concurrencies).toEqual([8, 32]);
    expect([...options.only]).toEqual(['write']);
  });
});
