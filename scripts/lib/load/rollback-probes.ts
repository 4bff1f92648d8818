import type { RollbackConfig } from './rollback-config';

export interface ProbeCheck {
  name: 'world_healthz' | 'runtime_api_healthz' | 'runtime_realtime_healthz';
  pass: boolean;
  /** The HTTP status, or null on a transport error or timeout. */
  status: number | null;
  error: string | null;
}

/**
 * Judges a health answer: a 2xx whose JSON body, if it has one, does not say `ok: false`.
 * A body that is not JSON does not fail the probe. Returns the reason it fails, or null.
 */
export function judgeHealthAnswer(status: number, bodyText: string): string | null {
  if (status < 200 || status > 299) return `HTTP ${status}`;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (body && typeof body === 'object' && (body as { ok?: unknown }).ok === false) return 'health body says ok: false';
  return null;
}

/** GETs one health route with `accept: application/json` within the drill's timeout. */
export async function probeHealth(name: ProbeCheck['name'], url: string, timeoutMs: number): Promise<ProbeCheck> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const error = judgeHealthAnswer(response.status, text);
    return { name, pass: error === null, status: response.status, error };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
    return { name, pass: false, status: null, error: reason };
  }
}

/** Joins a service base URL and a route without doubling the slash. */
function joinUrl(base: string, route: string): string {
  return `${base.replace(/\/+$/, '')}${route}`;
}

/**
 * The probe mode's checks, in parallel: the world server's `/api/healthz` (only when its URL
 * was given), the API's and realtime's `/healthz`.
 */
export async function runRollbackProbes(config: RollbackConfig): Promise<ProbeCheck[]> {
  const probes: Promise<ProbeCheck>[] = [];
  if (config.worldUrl) probes.push(probeHealth('world_healthz', joinUrl(config.worldUrl, '/api/healthz'), config.timeoutMs));
  probes.push(probeHealth('runtime_api_healthz', joinUrl(config.apiUrl, '/healthz'), config.timeoutMs));
  probes.push(probeHealth('runtime_realtime_healthz', joinUrl(config.realtimeUrl, '/healthz'), config.timeoutMs));
  return Promise.all(probes);
}
