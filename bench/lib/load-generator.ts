import { performance } from 'node:perf_hooks';
import { summarizeLatencies } from '../../scripts/lib/load/percentile';
import { buildRawRequest, RawHttpConnection } from './raw-http';
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

/** The fixed body of `post` runs: a valid `say` in the default room. */
export const POST_BODY = JSON.stringify({ actorId: 'ceiling', text: 'a short message of about the size of a say command' });

/**
 * Runs `spec.concurrency` closed-loop workers, each on its own keep-alive connection: a warm-up
 * window that is discarded, then the measured window. Latency is request start to the last
 * byte of the response; a non-2xx or a transport error counts as an error.
 */
export async function generateLoad(spec: LoadSpec, onMeasureStart: () => void = () => {}): Promise<LoadResult> {
  const url = new URL(spec.path, spec.baseUrl);
  const baseHeaders = { accept: 'application/json', ...(spec.headers ?? {}) };
  const fixed =
    spec.kind === 'get'
      ? buildRawRequest('GET', url, baseHeaders)
      : spec.kind === 'post'
        ? buildRawRequest('POST', url, { ...baseHeaders, 'content-type': 'application/json' }, POST_BODY)
        : null;
  const requestFor = (w: number, n: number): Buffer => {
    if (fixed) return fixed;
    const say = buildSay(spec, w, n);
    return buildRawRequest('POST', url, { ...baseHeaders, 'content-type': 'application/json', 'idempotency-key': say.key }, say.body);
  };
  const connections = Array.from({ length: spec.concurrency }, () => new RawHttpConnection(url.hostname, Number(url.port || 80)));
  const counters = new Array<number>(spec.concurrency).fill(0);

  const runWindow = async (ms: number): Promise<Window> => {
    const window: Window = { latencies: [], errors: 0, outcomes: {} };
    const stopAt = performance.now() + ms;
    const worker = async (w: number) => {
      const connection = connections[w]!;
      while (performance.now() < stopAt) {
        const request = requestFor(w, counters[w]!++);
        const started = performance.now();
        let outcome: string;
        try {
          const status = await connection.send(request, spec.timeoutMs);
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
    for (const connection of connections) connection.close();
  }
}
