import { CAFE_VERSION } from '@cafe/shared';
import type { RealtimeRuntime } from './runtime';

/** Health of the realtime fanout (spec realtime.md §2.2 plus version, uptime and modes). */
export async function getRealtimeHealth(runtime: RealtimeRuntime) {
  const dbProblem = await runtime.db.probe();
  return {
    ok: true,
    service: 'agentcafe-realtime',
    version: CAFE_VERSION,
    uptimeSeconds: Math.floor((Date.now() - runtime.startedAt) / 1000),
    status: dbProblem ? 'degraded' : 'healthy',
    reason: dbProblem,
    modes: { postgres: runtime.env.CAFE_POSTGRES_MODE, transport: runtime.env.REDIS_URL ? 'redis' : 'postgres' },
    database: { ok: dbProblem === null, error: dbProblem },
    rooms: runtime.rooms.size,
    clients: runtime.clients,
    replayStore: runtime.env.REDIS_URL
      ? { enabled: true, reason: null }
      : { enabled: false, reason: 'REDIS_URL not configured' },
    source: runtime.source,
  };
}
