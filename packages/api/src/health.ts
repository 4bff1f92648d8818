import { CAFE_VERSION } from '@cafe/shared';
import type { ApiRuntime } from './runtime';

/** Health of the API (spec api.md §2.1 plus our modes); `ok` stays true, `status` says degraded. */
export async function getApiHealth(runtime: ApiRuntime) {
  const dbProblem = await runtime.db.probe();
  const { env } = runtime;
  return {
    ok: true,
    service: 'agentcafe-api',
    version: CAFE_VERSION,
    time: new Date().toISOString(),
    uptimeSeconds: Math.floor((Date.now() - runtime.startedAt) / 1000),
    status: dbProblem ? 'degraded' : 'healthy',
    reason: dbProblem,
    modes: {
      postgres: env.CAFE_POSTGRES_MODE,
      transport: env.REDIS_URL ? 'redis' : 'postgres',
    },
    database: { ok: dbProblem === null, error: dbProblem },
    discovery: {
      defaultTenantId: env.AGENTCAFE_DEFAULT_TENANT_ID,
      defaultRoomId: env.AGENTCAFE_DEFAULT_ROOM_ID,
      bootstrapPath: `/v1/bootstrap?tenantId=${env.AGENTCAFE_DEFAULT_TENANT_ID}&roomId=${env.AGENTCAFE_DEFAULT_ROOM_ID}`,
      eventsPollPath: `/v1/events/poll?tenantId=${env.AGENTCAFE_DEFAULT_TENANT_ID}&roomId=${env.AGENTCAFE_DEFAULT_ROOM_ID}&cursor=0`,
      pollImplicitHeartbeatDefault: env.EVENTS_POLL_IMPLICIT_HEARTBEAT_DEFAULT,
      pollHeartbeatMinIntervalMs: env.EVENTS_POLL_HEARTBEAT_MIN_INTERVAL_MS,
    },
    moderation: {
      windowMs: env.MOD_WINDOW_MS,
      maxActionsPerWindow: env.MOD_MAX_ACTIONS_PER_WINDOW,
      maxRepeatedTextPerWindow: env.MOD_MAX_REPEATED_TEXT_PER_WINDOW,
      minActionIntervalMs: env.MOD_MIN_ACTION_INTERVAL_MS,
      cooldownMs: env.MOD_COOLDOWN_MS,
    },
  };
}
