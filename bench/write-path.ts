/**
 * Write-path benchmark: `POST /v1/commands/say` with a unique Idempotency-Key per request,
 * from many actors (each worker cycles through its own 500), at each concurrency. With a
 * projector running, its lag is sampled over the same window ("projector lag under the write
 * load"). Used by bench/run.ts; figures only, nothing here asserts a timing.
 */
import type { BenchStack } from './lib/bench-stack';
import type { BenchOptions } from './lib/bench-options';
import { listDatabaseBackends, measureLoad, type MeasuredRun } from './lib/measure-load';
import { startLagSampler, type LagSamples } from './lib/projector-lag';
import { summarizeRuns, type CaseSummary } from './lib/run-stats';

export interface WritePathCase {
  concurrency: number;
  summary: CaseSummary;
  runs: MeasuredRun[];
  /** Projector lag sampled during each run (null without a projector). */
  projectorLag: LagSamples[] | null;
}

/** Runs the write-path case at every concurrency, `options.runs` times each. */
export async function benchWritePath(stack: BenchStack, options: BenchOptions, log: (message: string) => void): Promise<WritePathCase[]> {
  const cases: WritePathCase[] = [];
  for (const concurrency of options.concurrencies) {
    const runs: MeasuredRun[] = [];
    const lags: LagSamples[] = [];
    for (let round = 0; round < options.runs; round += 1) {
      const { run, probe } = await measureLoad(
        {
          kind: 'say',
          baseUrl: stack.api.baseUrl,
          headers: { 'x-api-key': stack.apiToken },
          path: '/v1/commands/say',
          concurrency,
          warmupMs: options.warmupSeconds * 1000,
          durationMs: options.seconds * 1000,
          timeoutMs: 10_000,
          runId: `${Date.now().toString(36)}c${concurrency}r${round}`,
        },
        {
          api: () => [stack.api.process.pid!],
          postgres: listDatabaseBackends(stack.db.sql),
          ...(stack.realtime ? { realtime: () => [stack.realtime!.process.pid!] } : {}),
          ...(stack.projector ? { projector: () => [stack.projector!.process.pid!] } : {}),
        },
        stack.projector ? () => startLagSampler(stack.projector!.baseUrl) : undefined,
      );
      runs.push(run);
      if (probe) lags.push(probe);
      log(`write c=${concurrency} run ${round + 1}: ${run.reqPerSec} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}, load ${run.loadAverage}`);
    }
    cases.push({ concurrency, summary: summarizeRuns(runs), runs, projectorLag: stack.projector ? lags : null });
  }
  return cases;
}
