/**
 * Read-path benchmark: `GET /v1/timeline?limit=10` (the newest ten settled events, served from
 * Postgres) at each concurrency, against a log the write-path case has filled. Used by
 * bench/run.ts; figures only.
 */
import type { BenchStack } from './lib/bench-stack';
import type { BenchOptions } from './lib/bench-options';
import { listDatabaseBackends, measureLoad, type MeasuredRun } from './lib/measure-load';
import { summarizeRuns, type CaseSummary } from './lib/run-stats';

export const READ_PATH = '/v1/timeline?limit=10';

export interface ReadPathCase {
  concurrency: number;
  summary: CaseSummary;
  runs: MeasuredRun[];
}

/** Runs the read-path case at every concurrency, `options.runs` times each. */
export async function benchReadPath(stack: BenchStack, options: BenchOptions, log: (message: string) => void): Promise<ReadPathCase[]> {
  const cases: ReadPathCase[] = [];
  for (const concurrency of options.concurrencies) {
    const runs: MeasuredRun[] = [];
    for (let round = 0; round < options.runs; round += 1) {
      const { run } = await measureLoad(
        {
          kind: 'get',
          baseUrl: stack.api.baseUrl,
          headers: { 'x-api-key': stack.apiToken },
          path: READ_PATH,
          concurrency,
          warmupMs: options.warmupSeconds * 1000,
          durationMs: options.seconds * 1000,
          timeoutMs: 10_000,
          runId: `r${round}`,
        },
        { api: () => [stack.api.process.pid!], postgres: listDatabaseBackends(stack.db.sql) },
      );
      runs.push(run);
      log(`read c=${concurrency} run ${round + 1}: ${run.reqPerSec} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}, load ${run.loadAverage}`);
    }
    cases.push({ concurrency, summary: summarizeRuns(runs), runs });
  }
  return cases;
}
