import { measureFanout, type FanoutMeasurement } from '../fanout';
import type { BenchOptions } from './bench-options';
import type { BenchStack } from './bench-stack';
import { waitForQuietMachine } from './cpu-usage';
import { readLoadAverage } from './machine';
import { readQuietPolicy } from './measure-load';
import { spreadOf, type Spread } from './run-stats';

/** Subscriber counts of the fanout case (issue 7: 100 and 1,000). */
export const FANOUT_SUBSCRIBERS = [100, 1000];

/** Delivery latency from commit to SSE receipt at one subscriber count, over several runs. */
export interface FanoutCase {
  subscribers: number;
  transport: 'postgres' | 'redis';
  deliveriesPerSecond: Spread | null;
  p50Ms: Spread | null;
  p95Ms: Spread | null;
  p99Ms: Spread | null;
  /** Subscriber × event deliveries that never happened, summed over the runs (must be 0). */
  missing: number;
  duplicates: number;
  loadAverage: number | null;
  runs: FanoutMeasurement[];
}

/**
 * Runs the realtime fanout measurement of bench/fanout.ts (the transport helper's: events
 * appended at a steady rate, latency from just before the append transaction to each frame's
 * arrival) against the stack's realtime, at 100 and 1,000 subscribers, `options.runs` times.
 */
export async function runFanoutCases(stack: BenchStack, options: BenchOptions, log: (message: string) => void): Promise<FanoutCase[]> {
  if (!stack.realtime) return [];
  const transport = stack.redisUrl ? 'redis' : 'postgres';
  const rate = Number(process.env.BENCH_FANOUT_RATE ?? 20);
  const cases: FanoutCase[] = [];
  for (const subscribers of FANOUT_SUBSCRIBERS) {
    const runs: FanoutMeasurement[] = [];
    const loads: number[] = [];
    for (let round = 0; round < options.runs; round += 1) {
      const quiet = readQuietPolicy(process.env);
      if (quiet) await waitForQuietMachine(quiet.maxBusyPct, quiet.maxWaitMs);
      const run = await measureFanout({ realtimeUrl: stack.realtime.baseUrl, apiKey: stack.apiToken, sql: stack.db.sql, transport, subscribers, ratePerSecond: rate, seconds: options.seconds });
      runs.push(run);
      loads.push(readLoadAverage());
      log(`fanout ${subscribers} subscribers run ${round + 1}: p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ${run.deliveriesPerSecond} deliveries/s, missing ${run.missing}`);
    }
    cases.push({
      subscribers,
      transport,
      deliveriesPerSecond: spreadOf(runs.map((run) => run.deliveriesPerSecond)),
      p50Ms: spreadOf(runs.map((run) => run.p50Ms)),
      p95Ms: spreadOf(runs.map((run) => run.p95Ms)),
      p99Ms: spreadOf(runs.map((run) => run.p99Ms)),
      missing: runs.reduce((sum, run) => sum + run.missing, 0),
      duplicates: runs.reduce((sum, run) => sum + run.duplicates, 0),
      loadAverage: spreadOf(loads)?.median ?? null,
      runs,
    });
  }
  return cases;
}
