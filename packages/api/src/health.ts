import type { Redis } from 'ioredis';
import { CAFE_VERSION } from '@cafe/shared';
import type { ApiRuntime } from './runtime';
import { peekAutomation } from './automation';
import { usePlanBook } from './tables/plans';
import { peekApiStreams } from './streams/api-streams';
import { peekApiTransport } from './transport';

const STORES = [
  'eventStore',
  'idempotency',
  'presence',
  'profiles',
  'rooms',
  'tableSessions',
  'inbox',
  'snapshots',
  'traces',
  'permissions',
  'operatorOverrides',
  'operatorAudit',
  'subscriptions',
  'reactions',
] as const;

/**
 * Asks Redis for an answer (within REDIS_COMMAND_TIMEOUT_MS): a silent Redis looks connected
 * until a command waits on it. Null when it answers.
 */
async function probeRedis(redis: Redis): Promise<string | null> {
  try {
    await redis.ping();
    return null;
  } catch (error) {
    return `Redis does not answer (${(error as Error).message}): rate limits, moderation windows and unread counters run in this process until it does`;
  }
}

function runtimeTransportStatus() {
  return peekApiTransport()?.status() ?? null;
}

/** Health of the API (docs/api.md#health-and-bootstrap plus our modes); `ok` stays true, `status` says degraded. */
export async function getApiHealth(runtime: ApiRuntime) {
  const dbProblem = await runtime.db.probe();
  // Event reads wait for every older transaction on the server (docs/operations.md#a-postgres-cluster-of-its-own).
  const horizon = dbProblem ? null : await runtime.db.horizon();
  const redisProblem = runtime.redis ? await probeRedis(runtime.redis) : null;
  const reason = dbProblem ?? horizon?.problem ?? redisProblem;
  const { env } = runtime;
  const automation = peekAutomation();
  return {
    ok: true,
    service: 'agentcafe-api',
    version: CAFE_VERSION,
    time: new Date().toISOString(),
    uptimeSeconds: Math.floor((Date.now() - runtime.startedAt) / 1000),
    status: reason ? 'degraded' : 'healthy',
    reason,
    modes: {
      postgres: env.CAFE_POSTGRES_MODE,
      transport: env.REDIS_URL ? 'redis' : 'postgres',
    },
    redis: runtime.redis ? { status: runtime.redis.status, ready: runtime.redis.status === 'ready' && redisProblem === null, error: redisProblem } : null,
    database: { ok: dbProblem === null, error: dbProblem },
    horizon,
    // Every store lives in Postgres (there is no file or memory mode: docs/architecture.md).
    storage: Object.fromEntries(STORES.map((store) => [store, 'postgres'])),
    transport: runtimeTransportStatus(),
    // Market-events streams of this process, those still being set up included.
    streams: { clients: peekApiStreams()?.clients ?? 0, maxClients: env.API_STREAM_MAX_CLIENTS },
    inboxProjector: {
      // Inbox items are written in the same transaction as their events, so the projection
      // never lags; only the Redis unread counters are maintained after commit.
      mode: 'transactional',
      lastError: null,
      counters: { enabled: runtime.unread.enabled, reason: runtime.unread.reason },
    },
    privateTables: {
      paymentMode: env.PRIVATE_TABLE_PAYMENT_MODE,
      priceUsd: env.PRIVATE_TABLE_PRICE_USD,
      defaultSessionMinutes: env.PRIVATE_TABLE_DEFAULT_SESSION_MINUTES,
      webhookConfigured: Boolean(env.PRIVATE_TABLE_PAYMENT_WEBHOOK_URL),
      sessionSweepMs: env.TABLE_SESSION_SWEEP_MS,
      defaultPlanId: usePlanBook(env).defaultPlan.planId,
      plans: usePlanBook(env).plans,
    },
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
    // Dispatcher and engine counters of this process; `queued` is the whole stored schedule.
    webhooks: automation ? await automation.webhooks.stats() : null,
    reactions: automation ? automation.reactions.stats() : null,
  };
}
