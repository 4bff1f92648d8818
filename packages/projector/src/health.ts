import { CAFE_VERSION } from '@cafe/shared';
import type { LogLag } from '@cafe/bus';
import type { ProjectorRuntime } from './runtime';

/** The store a projector writes to, for health: Redis keyspace or (without REDIS_URL) memory only. */
function describeOutput(runtime: ProjectorRuntime) {
  const redis = Boolean(runtime.env.REDIS_URL);
  return {
    kind: redis ? 'redis' : 'memory',
    enabled: redis,
    prefix: redis ? runtime.env.PROJECTOR_REDIS_PREFIX : null,
    reason: redis ? null : 'REDIS_URL not configured: read models are kept in process memory only',
  };
}

/**
 * Health of the projector worker: version, uptime, modes, database, where read models go, the
 * projector's checkpoint and its lag — events behind the settled head and milliseconds since
 * the oldest event not yet in the read models.
 */
export async function getProjectorHealth(runtime: ProjectorRuntime) {
  const dbProblem = await runtime.db.probe();
  // The projector reads the event log, which waits for every older transaction on the server
  // (docs/operations.md#a-postgres-cluster-of-its-own).
  const horizon = dbProblem ? null : await runtime.db.horizon();
  const projector = runtime.projector?.status() ?? null;
  let lag: LogLag | null = null;
  let lagError: string | null = null;
  if (runtime.transport && projector && dbProblem === null) {
    try {
      lag = await runtime.transport.lag(projector.running ? projector.position : await runtime.transport.head());
    } catch (error) {
      lagError = (error as Error).message;
    }
  }
  const standby = runtime.leadership !== null && !runtime.leadership.leader;
  // A failing projector matters once events wait on it; a retry that already recovered does not.
  const stuck = projector?.lastError && (lag?.events ?? 0) > 0 ? projector.lastError : null;
  const reason = dbProblem ?? horizon?.problem ?? stuck;
  return {
    ok: true,
    service: 'agentcafe-projector',
    version: CAFE_VERSION,
    uptimeSeconds: Math.floor((Date.now() - runtime.startedAt) / 1000),
    status: reason ? 'degraded' : 'healthy',
    reason,
    modes: { postgres: runtime.env.CAFE_POSTGRES_MODE, transport: runtime.env.REDIS_URL ? 'redis' : 'postgres' },
    database: { ok: dbProblem === null, error: dbProblem },
    horizon,
    output: describeOutput(runtime),
    role: runtime.leadership ? (standby ? 'standby' : 'active') : 'active',
    projector,
    lag: lag ? { events: lag.events, ms: lag.ms, head: lag.head } : null,
    lagError,
    transport: runtime.transport?.status() ?? null,
  };
}
