/**
 * Idempotent replay (issue 10): one `say` is committed under a key, then closed-loop workers
 * send the same request with the same `Idempotency-Key` at each concurrency, so every measured
 * request is a replay (`x-idempotent-replay: true`, the stored bytes). Used by bench/run.ts
 * (case `idempotent-replay`) and bench/idempotent-replay.ts; figures only.
 */
import type { BenchStack } from './lib/bench-stack';
import type { BenchOptions } from './lib/bench-options';
import { POST_BODY } from './lib/load-generator';
import { listDatabaseBackends, measureLoad, type MeasuredRun } from './lib/measure-load';
import { summarizeRuns, type CaseSummary } from './lib/run-stats';

export const REPLAY_PATH = '/v1/commands/say';
const KEY = 'bench-replay-key';

export interface ReplayPathCase {
  concurrency: number;
  summary: CaseSummary;
  runs: MeasuredRun[];
}

/** Commits the request once, then runs its replays at every concurrency, `options.runs` times each. */
export async function benchReplayPath(stack: BenchStack, options: BenchOptions, log: (message: string) => void): Promise<ReplayPathCase[]> {
  const headers = { 'idempotency-key': KEY, 'x-api-key': stack.apiToken };
  const first = await fetch(new URL(REPLAY_PATH, stack.api.baseUrl), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: POST_BODY });
  if (first.status >= 300) throw new Error(`the first say failed: ${first.status} ${await first.text()}`);
  const cases: ReplayPathCase[] = [];
  for (const concurrency of options.concurrencies) {
    const runs: MeasuredRun[] = [];
    for (let round = 0; round < options.runs; round += 1) {
      const { run } = await measureLoad(
        {
          kind: 'post',
          baseUrl: stack.api.baseUrl,
          path: REPLAY_PATH,
          headers,
          concurrency,
          warmupMs: options.warmupSeconds * 1000,
          durationMs: options.seconds * 1000,
          timeoutMs: 10_000,
          runId: `replay${round}`,
        },
        { api: () => [stack.api.process.pid!], postgres: listDatabaseBackends(stack.db.sql) },
      );
      runs.push(run);
      log(
        `replay c=${concurrency} run ${round + 1}: ${run.reqPerSec} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors} ${JSON.stringify(run.outcomes)}, ` +
          `CPU ms/request ${JSON.stringify(run.cpuMsPerRequest)}, load ${run.loadAverage}, others ${run.othersCpuPct} %`,
      );
    }
    cases.push({ concurrency, summary: summarizeRuns(runs), runs });
  }
  return cases;
}
