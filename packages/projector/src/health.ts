import { CAFE_VERSION } from '@cafe/shared';
import type { ProjectorRuntime } from './runtime';

/** Health of the projector worker: version, uptime, modes and database state. */
export async function getProjectorHealth(runtime: ProjectorRuntime) {
  const dbProblem = await runtime.db.probe();
  return {
    ok: true,
    service: 'agentcafe-projector',
    version: CAFE_VERSION,
    uptimeSeconds: Math.floor((Date.now() - runtime.startedAt) / 1000),
    status: dbProblem ? 'degraded' : 'healthy',
    reason: dbProblem,
    modes: { postgres: runtime.env.CAFE_POSTGRES_MODE, transport: runtime.env.REDIS_URL ? 'redis' : 'postgres' },
    database: { ok: dbProblem === null, error: dbProblem },
  };
}
