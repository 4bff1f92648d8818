import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { tallyStream, type StreamSummary } from './gate';
import { resolveTargetUrl, type LoadConfig } from './load-config';
import { summarizeLatencies } from './percentile';

export interface StreamLoadResult {
  summary: StreamSummary;
  /** Failed connections by reason (`status 429`, `timeout`, `ended before ready`, …). */
  failures: Record<string, number>;
}

const READY_MARKER = 'event: ready';

/**
 * Opens one SSE connection and resolves with the milliseconds until the received text contains
 * `event: ready`, then drops the connection. Rejects on a non-2xx status, a transport error,
 * the end of the stream before `ready`, or when `ready` has not arrived within `timeoutMs`
 * (docs/performance.md#load--slo-gate-npm-run-runtimeload: the timeout bounds the whole wait, not only the headers).
 */
export function timeStreamReady(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const started = performance.now();
    let settled = false;
    const settle = (error: Error | null, elapsed = 0) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A fresh connection per stream (agent: false): destroying it cancels the subscription.
      request.destroy();
      if (error) reject(error);
      else resolve(elapsed);
    };
    const request = transport.get(url, { headers: { ...headers, accept: 'text/event-stream' }, agent: false }, (response) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) return settle(new Error(`status ${status}`));
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        // Keep only a tail long enough to hold a marker split across chunks.
        text = (text + chunk).slice(-(chunk.length + READY_MARKER.length));
        if (text.includes(READY_MARKER)) settle(null, performance.now() - started);
      });
      response.on('end', () => settle(new Error('ended before ready')));
      response.on('error', (error) => settle(error));
    });
    const timer = setTimeout(() => settle(new Error('timeout')), timeoutMs);
    request.on('error', (error) => settle(error));
  });
}

/**
 * Step 3 of docs/performance.md#load--slo-gate-npm-run-runtimeload: `streamFanout` concurrent stream connections, each timed to its
 * `ready` frame. Failures are counted, and tallied by reason for the operator.
 */
export async function runStreamFanout(config: LoadConfig, headers: Record<string, string>): Promise<StreamLoadResult> {
  const url = resolveTargetUrl(config.streamUrl, config.streamPath);
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  const total = Math.max(0, Math.ceil(config.streamFanout));
  await Promise.all(
    Array.from({ length: total }, async () => {
      try {
        latencies.push(await timeStreamReady(url, headers, config.streamTimeoutMs));
      } catch (error) {
        const reason = (error as Error).message;
        failures[reason] = (failures[reason] ?? 0) + 1;
      }
    }),
  );
  return { summary: tallyStream(summarizeLatencies(latencies), total, total - latencies.length), failures };
}
