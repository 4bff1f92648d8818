import type { BenchOptions } from './bench-options';
import type { BenchStack } from './bench-stack';
import type { Spread } from './run-stats';

/** Delivery latency from commit to SSE receipt at one subscriber count. */
export interface FanoutCase {
  subscribers: number;
  deliveriesPerSecond: Spread | null;
  p50Ms: Spread | null;
  p95Ms: Spread | null;
  p99Ms: Spread | null;
  loadAverage: number | null;
}

/** Runs the fanout cases against the stack's realtime (100 and 1,000 subscribers). */
export async function runFanoutCases(stack: BenchStack, _options: BenchOptions, log: (message: string) => void): Promise<FanoutCase[]> {
  if (!stack.realtime) return [];
  const probe = await fetch(`${stack.realtime.baseUrl}/v1/stream`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
  await probe?.body?.cancel().catch(() => {});
  if (!probe || probe.status !== 200) {
    log(`fanout skipped: realtime answers /v1/stream with ${probe?.status ?? 'no response'}`);
    return [];
  }
  log('fanout: pending the transport helper\'s bench/fanout.ts');
  return [];
}
