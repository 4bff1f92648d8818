/**
 * Read-path benchmark: `GET /v1/timeline?limit=10` at each concurrency. Without `order` that
 * is the log's first page in ascending order, whatever the write case left after it; when the
 * log holds fewer events than the page (the read case run alone), it is filled first with
 * `say`s, so the case measures the same full page either way. Used by bench/run.ts; figures only.
 */
import type { BenchStack } from './lib/bench-stack';
import type { BenchOptions } from './lib/bench-options';
import { listDatabaseBackends, measureLoad, type MeasuredRun } from './lib/measure-load';
import { summarizeRuns, type CaseSummary } from './lib/run-stats';

export const READ_PATH = '/v1/timeline?limit=10';
/** The page size of READ_PATH: the log is filled to at least this many events before the case. */
const READ_PAGE_EVENTS = 10;

export interface ReadPathCase {
  concurrency: number;
  summary: CaseSummary;
  runs: MeasuredRun[];
}

/** Appends `say`s (one actor each, so moderation's per-actor interval never refuses one) until the log holds a full page. */
async function fillLogToOnePage(stack: BenchStack): Promise<void> {
  const [row] = await stack.db.sql<{ events: number }[]>`select count(*)::int as events from events`;
  for (let i = row?.events ?? 0; i < READ_PAGE_EVENTS; i += 1) {
    const response = await fetch(new URL('/v1/commands/say', stack.api.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-read-fill-${i}`, 'x-api-key': stack.apiToken },
      body: JSON.stringify({ actorId: `bench-read-fill-${i}`, text: `filler ${i}` }),
    });
    if (response.status >= 300) throw new Error(`filling the log failed: ${response.status} ${await response.text()}`);
  }
}

/** Runs the read-path case at every concurrency, `options.runs` times each. */
export async function benchReadPath(stack: BenchStack, options: BenchOptions, log: (message: string) => void): Promise<ReadPathCase[]> {
  await fillLogToOnePage(stack);
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
      log(
        `read c=${concurrency} run ${round + 1}: ${run.reqPerSec} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors}, ` +
          `CPU ms/request ${JSON.stringify(run.cpuMsPerRequest)}, load ${run.loadAverage}, others ${run.othersCpuPct} %`,
      );
    }
    cases.push({ concurrency, summary: summarizeRuns(runs), runs });
  }
  return cases;
}
