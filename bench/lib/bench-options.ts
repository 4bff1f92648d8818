import { readNumberVar } from '../../scripts/lib/load/env-values';

/** How long and how often each benchmark case runs; every knob is an environment variable. */
export interface BenchOptions {
  /** Runs per case; the table shows their median with min and max (`BENCH_RUNS`, default 3). */
  runs: number;
  /** Measured seconds per run (`BENCH_SECONDS`, default 5). */
  seconds: number;
  /** Discarded warm-up seconds before each run (`BENCH_WARMUP_SECONDS`, default 3: with 1 the first run of a case was the slowest every time, its code still being compiled). */
  warmupSeconds: number;
  /** Client concurrencies of the HTTP and pgbench cases (`BENCH_CONCURRENCY`, default `16,64`). */
  concurrencies: number[];
  /** Cases to run (`BENCH_ONLY`, comma list of ceilings, write, read, idempotent-replay, fanout, webhooks; default all). */
  only: Set<string>;
}

export const ALL_CASES = ['ceilings', 'write', 'read', 'idempotent-replay', 'fanout', 'webhooks'] as const;

/** Reads the benchmark knobs with their defaults. */
export function readBenchOptions(env: Record<string, string | undefined>): BenchOptions {
  const concurrencies = (env.BENCH_CONCURRENCY ?? '16,64')
    .split(',')
    .map((value) => Math.round(Number(value.trim())))
    .filter((value) => Number.isFinite(value) && value > 0);
  const only = (env.BENCH_ONLY ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => (ALL_CASES as readonly string[]).includes(value));
  return {
    runs: Math.round(readNumberVar(env, 'BENCH_RUNS', 3, 1)),
    seconds: readNumberVar(env, 'BENCH_SECONDS', 5, 0.5),
    warmupSeconds: readNumberVar(env, 'BENCH_WARMUP_SECONDS', 3, 0),
    concurrencies: concurrencies.length > 0 ? concurrencies : [16, 64],
    only: new Set(only.length > 0 ? only : ALL_CASES),
  };
}
