/**
 * Idempotent replay on its own (the suite runs the same case as `idempotent-replay`): one
 * `say` is committed under a key, then every measured request is its replay. Prints req/s,
 * latency and CPU per request of the API and of our database's Postgres backends; figures only.
 *
 *   npx tsx bench/idempotent-replay.ts      # BENCH_CONCURRENCY=16 BENCH_SECONDS=5 BENCH_RUNS=3
 */
import { startBenchStack } from './lib/bench-stack';
import { readBenchOptions } from './lib/bench-options';
import { benchReplayPath } from './replay-path';

const log = (message: string) => process.stdout.write(`[replay] ${message}\n`);

const options = readBenchOptions(process.env);
const stack = await startBenchStack({ log });
try {
  await benchReplayPath(stack, options, log);
} finally {
  await stack.stop();
}
