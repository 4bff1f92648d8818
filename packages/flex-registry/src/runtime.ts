import { openServiceDatabase, type ServiceDatabase } from '@cafe/db';
import { createLogger, type FlexEnv, type Logger } from '@cafe/shared';
import { createCapabilityRegistry, type CapabilityRegistry } from './registry/capability-registry';
import { startCapabilitySweeper, type CapabilitySweeper } from './registry/capability-sweeper';
import { resolveAllowedOrigins } from './http/cors-policy';

export interface FlexRuntime {
  env: FlexEnv;
  logger: Logger;
  db: ServiceDatabase;
  /** Null when no database is configured: registry routes then answer 503. */
  registry: CapabilityRegistry | null;
  allowedOrigins: string[];
  startedAt: number;
  /** Stops the sweeper and closes the pool. */
  close(): Promise<void>;
}

export interface FlexRuntimeOptions {
  /** Tenant stamped on published status events (AGENTCAFE_DEFAULT_TENANT_ID). */
  tenantId: string;
}

let runtime: FlexRuntime | undefined;

/**
 * Builds the registry process state; its database is FLEX_DATABASE_URL, else DATABASE_URL. The
 * sweeper starts once start-up migrations are done, so it never queries a missing table.
 */
export function startFlexRuntime(env: FlexEnv, options: FlexRuntimeOptions): FlexRuntime {
  const logger = createLogger({ service: 'flex-agents-server', level: env.FLEX_LOG_LEVEL, format: env.LOG_FORMAT });
  const db = openServiceDatabase(env, { applicationName: 'cafe-flex', logger, url: env.FLEX_DATABASE_URL });
  const deregisterAfterSeconds = env.FLEX_DEREGISTER_AFTER_SECONDS;
  const registry = db.sql
    ? createCapabilityRegistry({ sql: db.sql, logger, cacheTtlMs: env.FLEX_CAPABILITY_CACHE_TTL_MS, tenantId: options.tenantId, deregisterAfterSeconds })
    : null;
  let sweeper: CapabilitySweeper | undefined;
  let closed = false;
  if (db.sql && registry) {
    const sql = db.sql;
    void db.ready.then(() => {
      if (!closed) sweeper = startCapabilitySweeper({ sql, registry, logger, deregisterAfterSeconds });
    });
  }
  runtime = {
    env,
    logger,
    db,
    registry,
    allowedOrigins: resolveAllowedOrigins(env.CORS_ALLOW_ORIGINS, env.NODE_ENV),
    startedAt: Date.now(),
    async close() {
      closed = true;
      await sweeper?.stop();
      await db.close();
    },
  };
  return runtime;
}

/** The runtime started by the server plugin. */
export function useFlexRuntime(): FlexRuntime {
  if (!runtime) throw new Error('flex runtime not started');
  return runtime;
}
