/**
 * This machine's ceilings, measured in the same run as the service figures so that every
 * figure can be shown as a ratio to what the hardware and runtime allow at that moment:
 * - pgbench single-row INSERT TPS on the same Postgres at the same client counts (the most
 *   commits per second one row at a time: the write path's database ceiling);
 * - a do-nothing node:http server's req/s for GET and for a POST of a say-sized body, driven
 *   by the same load generator as the API (the HTTP ceiling, generator included).
 */
import type { TestDatabase } from '@cafe/testkit';
import type { BenchOptions } from './lib/bench-options';
import { waitForQuietMachine } from './lib/cpu-usage';
import { readLoadAverage } from './lib/machine';
import { measureLoad, readQuietPolicy, type MeasuredRun } from './lib/measure-load';
import { runPgbenchInserts, type PgbenchResult } from './lib/pgbench';
import { spreadOf, type Spread } from './lib/run-stats';
import { startTrivialServer } from './lib/trivial-server-process';

export interface CeilingCase {
  name: 'pgbench-insert' | 'node-http-get' | 'node-http-post';
  concurrency: number;
  /** Transactions or requests per second: median, min, max over the runs. */
  perSecond: Spread | null;
  p99Ms: Spread | null;
  /** Median 1-minute load average over the runs. */
  loadAverage: number | null;
  runs: (PgbenchResult | MeasuredRun)[];
}

/** pgbench INSERT TPS at each client count, in a table of the benchmark's scratch database. */
export async function benchPgbenchCeiling(db: TestDatabase, options: BenchOptions, log: (message: string) => void): Promise<CeilingCase[]> {
  await db.sql`create table if not exists bench_ceiling (id bigserial primary key, k bigint not null, note text not null, created_at timestamptz not null default now())`;
  const cases: CeilingCase[] = [];
  for (const concurrency of options.concurrencies) {
    const runs: PgbenchResult[] = [];
    const loads: number[] = [];
    for (let round = 0; round < options.runs; round += 1) {
      const quiet = readQuietPolicy(process.env);
      if (quiet) await waitForQuietMachine(quiet.maxBusyPct, quiet.maxWaitMs);
      const result = await runPgbenchInserts(db.url, 'bench_ceiling', concurrency, Math.max(1, Math.round(options.seconds)));
      runs.push(result);
      loads.push(readLoadAverage());
      log(`pgbench insert c=${concurrency} run ${round + 1}: ${result.tps} tps, avg ${result.latencyAvgMs} ms`);
    }
    cases.push({ name: 'pgbench-insert', concurrency, perSecond: spreadOf(runs.map((run) => run.tps)), p99Ms: null, loadAverage: spreadOf(loads)?.median ?? null, runs });
  }
  await db.sql`drop table bench_ceiling`;
  return cases;
}

/** The trivial node:http server's req/s for GET and POST at each concurrency. */
export async function benchHttpCeiling(options: BenchOptions, log: (message: string) => void): Promise<CeilingCase[]> {
  const server = await startTrivialServer();
  const cases: CeilingCase[] = [];
  try {
    for (const kind of ['get', 'post'] as const) {
      for (const concurrency of options.concurrencies) {
        const runs: MeasuredRun[] = [];
        for (let round = 0; round < options.runs; round += 1) {
          const { run } = await measureLoad(
            {
              kind,
              baseUrl: server.baseUrl,
              path: '/ceiling',
              concurrency,
              warmupMs: options.warmupSeconds * 1000,
              durationMs: options.seconds * 1000,
              timeoutMs: 10_000,
              runId: 'ceiling',
            },
            { server: () => [server.pid] },
          );
          runs.push(run);
          log(`node:http ${kind} c=${concurrency} run ${round + 1}: ${run.reqPerSec} req/s, p99 ${run.p99Ms} ms, generator ${run.generatorCpuPct}% cpu`);
        }
        cases.push({
          name: kind === 'get' ? 'node-http-get' : 'node-http-post',
          concurrency,
          perSecond: spreadOf(runs.map((run) => run.reqPerSec)),
          p99Ms: spreadOf(runs.map((run) => run.p99Ms)),
          loadAverage: spreadOf(runs.map((run) => run.loadAverage))?.median ?? null,
          runs,
        });
      }
    }
  } finally {
    await server.stop();
  }
  return cases;
}
