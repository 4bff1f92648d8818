import type { Redis } from 'ioredis';
import { createRedisClient } from '@cafe/bus';
import { openServiceDatabase, type ServiceDatabase } from '@cafe/db';
import { createLogger, type ApiEnv, type Logger } from '@cafe/shared';
import { createMemoryRateLimiter, createProxyTrust, type ProxyTrust, type RateLimiter } from '@cafe/http';
import { resolveApiCorsOrigins } from './cors/cors-policy';
import { createDisabledUnreadCounters, createRedisUnreadCounters, type UnreadCounters } from './inbox/unread-counters';
import { createSettledPageCache, type SettledPageCache } from './event-reads/settled-page-cache';
import { createReplayCache } from './idempotency/replay-cache';
import { createRedisRateLimiter } from './limits/redis-rate-limiter';
import { readModerationLimits } from './moderation/moderation-rules';
import { createMemoryModerationStore, createRedisModerationStore, type ModerationStore } from './moderation/moderation-store';
import { createCommitGroup } from './mutation/commit-group';
import type { CommandDeps } from './pipeline/run-command';
import { requireSql } from './deps';

export interface ApiRuntime {
  env: ApiEnv;
  logger: Logger;
  db: ServiceDatabase;
  redis: Redis | null;
  limiter: RateLimiter;
  /** Whether a socket peer is a configured proxy whose X-Forwarded-For counts (TRUST_PROXY). */
  trustsProxy: ProxyTrust;
  unread: UnreadCounters;
  moderation: ModerationStore;
  /** Browser origins that get CORS headers (the operator console). */
  corsOrigins: string[];
  /** Full ascending pages of the event log, served without a query (settled-page-cache.ts). */
  settledPages: SettledPageCache;
  startedAt: number;
}

let runtime: ApiRuntime | undefined;

function connectRedis(url: string, commandTimeoutMs: number, logger: Logger): Redis {
  // Limits, moderation and unread counters fall back to this process when a command fails, so
  // a silent Redis costs a request at most one timeout, and then nothing while it reconnects.
  const redis = createRedisClient(url, { name: 'api', commandTimeoutMs, autoPipelining: true });
  let lastError = '';
  redis.on('error', (error: Error) => {
    // ioredis retries by itself; log each distinct failure once instead of every attempt.
    if (error.message !== lastError) logger.warn('redis error', { error: error.message });
    lastError = error.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return redis;
}

/** Builds the process-wide runtime: logger, pool (and start-up migration), Redis, limiter, counters. */
export function startApiRuntime(env: ApiEnv): ApiRuntime {
  const logger = createLogger({ service: 'agentcafe-api', level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const redis = env.REDIS_URL ? connectRedis(env.REDIS_URL, env.REDIS_COMMAND_TIMEOUT_MS, logger) : null;
  const memoryLimiter = createMemoryRateLimiter();
  const moderationLimits = readModerationLimits(env);
  const moderationMemory = createMemoryModerationStore(moderationLimits);
  runtime = {
    env,
    logger,
    db: openServiceDatabase(env, { applicationName: 'cafe-api', logger }),
    redis,
    limiter: redis ? createRedisRateLimiter(redis, memoryLimiter, { limit: env.API_RATE_LIMIT_PER_MIN }) : memoryLimiter,
    trustsProxy: createProxyTrust(env.TRUST_PROXY),
    unread: redis ? createRedisUnreadCounters(redis, env.INBOX_REDIS_PREFIX, logger) : createDisabledUnreadCounters('REDIS_URL not configured'),
    moderation: redis ? createRedisModerationStore(redis, env.MOD_REDIS_PREFIX, moderationLimits, moderationMemory, logger) : moderationMemory,
    corsOrigins: resolveApiCorsOrigins(env.API_CORS_ALLOW_ORIGINS, env.NODE_ENV),
    settledPages: createSettledPageCache(),
    startedAt: Date.now(),
  };
  return runtime;
}

let commandDeps: CommandDeps | undefined;

/** What the command runner needs, taken from the runtime once. */
export function useCommandDeps(): CommandDeps {
  if (commandDeps) return commandDeps;
  const runtime = useApiRuntime();
  const { env, logger, unread, moderation } = runtime;
  const sql = requireSql(runtime);
  commandDeps = { sql, group: createCommitGroup({ sql, maxSize: env.API_COMMIT_GROUP_MAX_SIZE }), env, logger, unread, moderation, replays: createReplayCache() };
  return commandDeps;
}

/** The runtime started by the server plugin. */
export function useApiRuntime(): ApiRuntime {
  if (!runtime) throw new Error('API runtime not started');
  return runtime;
}
