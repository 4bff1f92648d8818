import { summarizeLatencies, type LatencySummary } from '../../scripts/lib/load/percentile';

export interface LagSamples extends LatencySummary {
  /** Samples where the projector was fully caught up (lag 0 or no pending event). */
  caughtUp: number;
  /** Health answers that carried no lag figure (projector not running, error). */
  missing: number;
}

/**
 * Polls the projector's `/healthz` every `intervalMs` and records `lag.ms` — the age of the
 * oldest committed event not yet in the read models (0 when caught up). The distribution of
 * those samples under write load is the projector lag the benchmark reports.
 */
export function startLagSampler(projectorUrl: string, intervalMs = 100): { stop(): Promise<LagSamples> } {
  const samples: number[] = [];
  let missing = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const tick = performance.now();
      try {
        const response = await fetch(`${projectorUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
        const body = (await response.json()) as { lag?: { ms?: unknown } | null };
        if (typeof body.lag?.ms === 'number') samples.push(body.lag.ms);
        else missing += 1;
      } catch {
        missing += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (performance.now() - tick))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { ...summarizeLatencies(samples), caughtUp: samples.filter((value) => value === 0).length, missing };
    },
  };
}
