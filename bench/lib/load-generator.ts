import { performance } from 'node:perf_hooks';
import { createKeepAliveAgent, sendRequest } from '../../scripts/lib/load/http-request';
import { summarizeLatencies } from '../../scripts/lib/load/percentile';
import type { LoadResult, LoadSpec } from './load-spec';

interface Window {
  latencies: number[];
  errors: number;
  outcomes: Record<string, number>;
}

/** The body and headers of request `n` of worker `w`: every say has its own key, actors cycle. */
function buildSay(spec: LoadSpec, w: number, n: number): { body: string; key: string } {
  const actors = spec.actorsPerWorker ?? 500;
  const actorId = `bench-${spec.runId}-w${w}-a${n % actors}`;
  return { body: JSON.stringify({ actorId, text: `bench message ${n} from worker ${w}` }), key: `bench-${spec.runId}-${w}-${n}` };
}

/**
 * Runs `spec.concurrency` closed-loop workers over keep-alive sockets: a warm-up window that is
 * discarded, then the measured window. Latency is request start to the last byte of the
 * response; a non-2xx or a transport error counts as an error.
 */
export async function generateLoad(spec: LoadSpec, onMeasureStart: () => void = () => {}): Promise<LoadResult> {
  const url = new URL(spec.path, spec.baseUrl);
  const agent = createKeepAliveAgent(url, spec.concurrency);
  const baseHeaders = { accept: 'application/json', ...(spec.headers ?? {}) };
  const postBody = JSON.stringify({ actorId: 'ceiling', text: 'a short message of about the size of a say command' });
  const counters = new Array<number>(spec.concurrency).fill(0);

  const runWindow = async (ms: number): Promise<Window> => {
    const window: Window = { latencies: [], errors: 0, outcomes: {} };
    const stopAt = performance.now() + ms;
    const worker = async (w: number) => {
      while (performance.now() < stopAt) {
        const n = counters[w]!++;
        let method = 'GET';
        let body: string | undefined;
        let headers: Record<string, string> = baseHeaders;
        if (spec.kind === 'say') {
          const say = buildSay(spec, w, n);
          method = 'POST';
          body = say.body;
          headers = { ...baseHeaders, 'content-type': 'application/json', 'idempotency-key': say.key };
        } else if (spec.kind === 'post') {
          method = 'POST';
          body = postBody;
          headers = { ...baseHeaders, 'content-type': 'application/json' };
        }
        const started = performance.now();
        let outcome: string;
        try {
          const status = await sendRequest({ method, url, headers, body, timeoutMs: spec.timeoutMs, agent });
          outcome = String(status);
          if (status < 200 || status > 299) window.errors += 1;
        } catch {
          outcome = 'transport';
          window.errors += 1;
        }
        window.latencies.push(performance.now() - started);
        window.outcomes[outcome] = (window.outcomes[outcome] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: spec.concurrency }, (_, w) => worker(w)));
    return window;
  };

  try {
    if (spec.warmupMs > 0) await runWindow(spec.warmupMs);
    onMeasureStart();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const window = await runWindow(spec.durationMs);
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const latency = summarizeLatencies(window.latencies);
    const requests = window.latencies.length;
    return {
      requests,
      errors: window.errors,
      elapsedMs: Math.round(elapsedMs),
      reqPerSec: Math.round((requests / elapsedMs) * 1000),
      errorRate: requests > 0 ? window.errors / requests : 1,
      p50Ms: latency.p50Ms,
      p95Ms: latency.p95Ms,
      p99Ms: latency.p99Ms,
      maxMs: latency.maxMs,
      outcomes: window.outcomes,
      generatorCpuPct: Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 100),
    };
  } finally {
    agent.destroy();
  }
}
