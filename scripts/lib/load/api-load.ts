import { performance } from 'node:perf_hooks';
import { tallyApi, type ApiLoadSummary } from './gate';
import { createKeepAliveAgent, sendRequest } from './http-request';
import { resolveTargetUrl, type LoadConfig } from './load-config';
import { summarizeLatencies } from './percentile';

export interface ApiLoadResult {
  summary: ApiLoadSummary;
  /** Attempts by outcome: the HTTP status, or `transport` for errors and timeouts. */
  outcomes: Record<string, number>;
}

/**
 * Step 1 of docs/performance.md#load--slo-gate-npm-run-runtimeload: `warmupRequests` sequential GETs of the primary path. Any status
 * is accepted; a transport error or timeout rejects, which aborts the run.
 */
export async function runWarmup(config: LoadConfig, headers: Record<string, string>): Promise<void> {
  const url = resolveTargetUrl(config.targetUrl, config.apiPath);
  const agent = createKeepAliveAgent(url, 1);
  try {
    for (let i = 0; i < config.warmupRequests; i += 1) {
      await sendRequest({ method: 'GET', url, headers, timeoutMs: config.requestTimeoutMs, agent }).catch((error: Error) => {
        throw new Error(`warm-up request to ${url.href} failed: ${error.message}`);
      });
    }
  } finally {
    agent.destroy();
  }
}

/**
 * Step 2: `concurrency` workers loop until `durationMs` has elapsed, each alternating the
 * primary and the alternate path (primary first). Every attempt's latency is recorded; a
 * non-2xx status, a transport error or a timeout counts as an error.
 */
export async function runApiLoad(config: LoadConfig, headers: Record<string, string>): Promise<ApiLoadResult> {
  const primary = resolveTargetUrl(config.targetUrl, config.apiPath);
  const alternate = resolveTargetUrl(config.targetUrl, config.apiPathAlt);
  const agent = createKeepAliveAgent(primary, Math.ceil(config.concurrency));
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let errors = 0;
  const stopAt = performance.now() + config.durationMs;
  const worker = async () => {
    for (let round = 0; performance.now() < stopAt; round += 1) {
      const url = round % 2 === 0 ? primary : alternate;
      const started = performance.now();
      let outcome: string;
      try {
        const status = await sendRequest({ method: 'GET', url, headers, timeoutMs: config.requestTimeoutMs, agent });
        outcome = String(status);
        if (status < 200 || status > 299) errors += 1;
      } catch {
        outcome = 'transport';
        errors += 1;
      }
      latencies.push(performance.now() - started);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(0, Math.ceil(config.concurrency)) }, worker));
  } finally {
    agent.destroy();
  }
  return { summary: tallyApi(summarizeLatencies(latencies), latencies.length, errors), outcomes };
}
