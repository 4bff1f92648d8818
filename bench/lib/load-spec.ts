/** What one load-generator run does; serialisable, since the generator runs in its own process. */
export interface LoadSpec {
  /** `say`: POST /v1/commands/say with a unique Idempotency-Key per request; `get`: GET `path`; `post`: POST a small JSON body to `path`. */
  kind: 'say' | 'get' | 'post';
  baseUrl: string;
  path: string;
  concurrency: number;
  /** Requests sent and discarded before the measured window (JIT, pools, connections). */
  warmupMs: number;
  durationMs: number;
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Makes keys and actors unique across runs against the same database. */
  runId: string;
  /** `say`: distinct actors per worker, cycled (moderation allows 40 actions a minute per actor). */
  actorsPerWorker?: number;
}

/** What a run measured: throughput over the measured window and the latency of every request in it. */
export interface LoadResult {
  requests: number;
  errors: number;
  elapsedMs: number;
  reqPerSec: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Requests by HTTP status, or `transport` for errors and timeouts. */
  outcomes: Record<string, number>;
  /** CPU the generator itself used during the measured window, in % of one core. */
  generatorCpuPct: number;
}
