import { readNumberVar, readStringVar, type EnvSource } from './env-values';

/** The load + SLO gate configuration of docs/performance.md#load--slo-gate-npm-run-runtimeload, as printed in the report's `config`. */
export interface LoadConfig {
  targetUrl: string;
  streamUrl: string;
  apiPath: string;
  apiPathAlt: string;
  streamPath: string;
  durationMs: number;
  concurrency: number;
  warmupRequests: number;
  requestTimeoutMs: number;
  streamFanout: number;
  streamTimeoutMs: number;
  sloApiP95Ms: number;
  sloApiP99Ms: number;
  sloApiErrorRateMax: number;
  sloStreamReadyP95Ms: number;
  sloStreamSuccessRateMin: number;
  /** Whether `LOAD_API_KEY` is set; the key itself is never printed. */
  apiKeySet: boolean;
}

/** Reads `LOAD_*` and `SLO_*` with their documented defaults; also returns the API key (kept out of the report). */
export function readLoadConfig(env: EnvSource): { config: LoadConfig; apiKey: string | undefined } {
  const targetUrl = readStringVar(env, 'LOAD_TARGET_URL', 'http://127.0.0.1:3850');
  const apiKey = env.LOAD_API_KEY?.trim() || undefined;
  const config: LoadConfig = {
    targetUrl,
    streamUrl: readStringVar(env, 'LOAD_STREAM_URL', targetUrl),
    apiPath: readStringVar(env, 'LOAD_API_PATH', '/healthz'),
    apiPathAlt: readStringVar(env, 'LOAD_API_PATH_ALT', '/v1/events?limit=5'),
    streamPath: readStringVar(env, 'LOAD_STREAM_PATH', '/v1/streams/market-events'),
    durationMs: readNumberVar(env, 'LOAD_DURATION_MS', 15000),
    concurrency: readNumberVar(env, 'LOAD_CONCURRENCY', 20),
    warmupRequests: readNumberVar(env, 'LOAD_WARMUP_REQUESTS', 10),
    requestTimeoutMs: readNumberVar(env, 'LOAD_REQUEST_TIMEOUT_MS', 5000),
    streamFanout: readNumberVar(env, 'LOAD_STREAM_FANOUT', 40),
    streamTimeoutMs: readNumberVar(env, 'LOAD_STREAM_TIMEOUT_MS', 6000),
    sloApiP95Ms: readNumberVar(env, 'SLO_API_P95_MS', 200),
    sloApiP99Ms: readNumberVar(env, 'SLO_API_P99_MS', 500),
    sloApiErrorRateMax: readNumberVar(env, 'SLO_API_ERROR_RATE_MAX', 0.01),
    sloStreamReadyP95Ms: readNumberVar(env, 'SLO_STREAM_READY_P95_MS', 1200),
    sloStreamSuccessRateMin: readNumberVar(env, 'SLO_STREAM_SUCCESS_RATE_MIN', 0.98),
    apiKeySet: apiKey !== undefined,
  };
  return { config, apiKey };
}

/** Joins a base URL and a path that may carry a query (`/v1/events?limit=5`). */
export function resolveTargetUrl(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}
