import { openServiceDatabase, type ServiceDatabase } from '@cafe/db';
import { createLogger, type ApiEnv, type Logger } from '@cafe/shared';
import { createMemoryRateLimiter, type RateLimiter } from '@cafe/http';

export interface ApiRuntime {
  env: ApiEnv;
  logger: Logger;
  db: ServiceDatabase;
  limiter: RateLimiter;
  startedAt: number;
}

let runtime: ApiRuntime | undefined;

/** Builds the process-wide runtime: logger, pool (and start-up migration), rate limiter. */
export function startApiRuntime(env: ApiEnv): ApiRuntime {
  const logger = createLogger({ service: 'agentcafe-api', level: env.LOG_LEVEL, json: env.NODE_ENV === 'production' });
  runtime = {
    env,
    logger,
    db: openServiceDatabase(env, { applicationName: 'cafe-api', logger }),
    limiter: createMemoryRateLimiter(),
    startedAt: Date.now(),
  };
  return runtime;
}

/** The runtime started by the server plugin. */
export function useApiRuntime(): ApiRuntime {
  if (!runtime) throw new Error('API runtime not started');
  return runtime;
}
