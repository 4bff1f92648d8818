import type { LatencySummary } from './percentile';
import type { LoadConfig } from './load-config';

/** The API half of the load report: latencies of every attempt plus the error tally. */
export interface ApiLoadSummary extends LatencySummary {
  total: number;
  errors: number;
  /** errors / total, and 1 when nothing was sent (an empty run must not pass). */
  errorRate: number;
}

/** The stream half: time to the `ready` frame of each successful connection. */
export interface StreamSummary extends LatencySummary {
  total: number;
  errors: number;
  /** (total − errors) / total, and 0 when nothing was attempted. */
  successRate: number;
}

export interface GateCheck {
  name: 'api_p95' | 'api_p99' | 'api_error_rate' | 'stream_ready_p95' | 'stream_success_rate';
  actual: number | null;
  expected: number;
  pass: boolean;
}

export interface GateResult {
  pass: boolean;
  checks: GateCheck[];
}

/** Builds the API tally from latencies already summarised and the error count. */
export function tallyApi(latency: LatencySummary, total: number, errors: number): ApiLoadSummary {
  return { ...latency, total, errors, errorRate: total > 0 ? errors / total : 1 };
}

/** Builds the stream tally from ready latencies and the failed connection count. */
export function tallyStream(latency: LatencySummary, total: number, errors: number): StreamSummary {
  return { ...latency, total, errors, successRate: total > 0 ? (total - errors) / total : 0 };
}

function atMost(name: GateCheck['name'], actual: number | null, expected: number): GateCheck {
  return { name, actual, expected, pass: actual !== null && actual <= expected };
}

/**
 * The SLO gate of docs/performance.md#load--slo-gate-npm-run-runtimeload: p95, p99 and error rate of the API, p95 time to
 * `ready` and success rate of the streams. A missing percentile (no samples) fails its check;
 * the gate passes only when every check does.
 */
export function evaluateGate(config: LoadConfig, api: ApiLoadSummary, stream: StreamSummary): GateResult {
  const checks: GateCheck[] = [
    atMost('api_p95', api.p95Ms, config.sloApiP95Ms),
    atMost('api_p99', api.p99Ms, config.sloApiP99Ms),
    atMost('api_error_rate', api.errorRate, config.sloApiErrorRateMax),
    atMost('stream_ready_p95', stream.p95Ms, config.sloStreamReadyP95Ms),
    {
      name: 'stream_success_rate',
      actual: stream.successRate,
      expected: config.sloStreamSuccessRateMin,
      pass: stream.successRate >= config.sloStreamSuccessRateMin,
    },
  ];
  return { pass: checks.every((check) => check.pass), checks };
}
