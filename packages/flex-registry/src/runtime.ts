import { openServiceDatabase, type ServiceDatabase } from '@cafe/db';
import { createLogger, type FlexEnv, type Logger } from '@cafe/shared';

export interface FlexRuntime {
  env: FlexEnv;
  logger: Logger;
  db: ServiceDatabase;
  startedAt: number;
}

let runtime: FlexRuntime | undefined;

/** Builds the registry process state; its database is FLEX_DATABASE_URL, else DATABASE_URL. */
export function startFlexRuntime(env: FlexEnv): FlexRuntime {
  const logger = createLogger({ service: 'flex-agents-server', level: env.FLEX_LOG_LEVEL, json: env.NODE_ENV === 'production' });
  runtime = {
    env,
    logger,
    db: openServiceDatabase(env, { applicationName: 'cafe-flex', logger, url: env.FLEX_DATABASE_URL }),
    startedAt: Date.now(),
  };
  return runtime;
}

/** The runtime started by the server plugin. */
export function useFlexRuntime(): FlexRuntime {
  if (!runtime) throw new Error('flex runtime not started');
  return runtime;
}
