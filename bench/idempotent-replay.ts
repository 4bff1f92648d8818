/**
 * Idempotent replay (issue 10): one `say` is committed under a key, then closed-loop workers
 * send the same request with the same `Idempotency-Key`, so every measured request is a replay
 * (`x-idempotent-replay: true`, the stored bytes). Prints req/s, latency and CPU per request
 * of the API and of our database's Postgres backends; figures only.
 *
 *   npx tsx bench/idempotent-replay.ts      # BENCH_CONCURRENCY=16 BENCH_SECONDS=5 BENCH_RUNS=3
 */
import { startBenchStack } from './lib/bench-stack';
import { readBenchOptions } from './lib/bench-options';
import { POST_BODY } from './lib/load-generator';
import { listDatabaseBackends, measureLoad } from './lib/measure-load';

const PATH = '/v1/commands/say';
const KEY = 'bench-replay-key';
const log = (message: string) => process.stdout.write(`[replay] ${message}\n`);

const options = readBenchOptions(process.env);
const stack = await startBenchStack({ log });
try {
  const first = await fetch(new URL(PATH, stack.api.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': KEY, 'x-api-key': stack.apiToken },
    body: POST_BODY,
  });
  if (first.status >= 300) throw new Error(`the first say failed: ${first.status} ${await first.text()}`);
  for (const concurrency of options.concurrencies) {
    for (let round = 0; round < options.runs; round += 1) {
      const { run } = await measureLoad(
        {
          kind: 'post',
          baseUrl: stack.api.baseUrl,
          path: PATH,
          headers: { 'idempotency-key': KEY, 'x-api-key': stack.apiToken },
          concurrency,
          warmupMs: options.warmupSeconds * 1000,
          durationMs: options.seconds * 1000,
          timeoutMs: 10_000,
          runId: `replay${round}`,
        },
        { api: () => [stack.api.process.pid!], postgres: listDatabaseBackends(stack.db.sql) },
      );
      log(
        `c=${concurrency} run ${round + 1}: ${run.reqPerSec} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, errors ${run.errors} ${JSON.stringify(run.outcomes)}, ` +
          `CPU ms/request ${JSON.stringify(run.cpuMsPerRequest)}, load ${run.loadAverage}, others ${run.othersCpuPct} %`,
      );
    }
  }
} finally {
  await stack.stop();
}
