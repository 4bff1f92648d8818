import { openServiceDatabase, type ServiceDatabase } from '@cafe/db';
import { createLogger, type Logger, type ProjectorEnv } from '@cafe/shared';

export interface ProjectorRuntime {
  env: ProjectorEnv;
  logger: Logger;
  db: ServiceDatabase;
  startedAt: number;
}

let runtime: ProjectorRuntime | undefined;

/** Builds the projector process state: logger and pool. */
export function startProjectorRuntime(env: ProjectorEnv): ProjectorRuntime {
  const logger = createLogger({ service: 'agentcafe-projector', level: env.LOG_LEVEL, json: env.NODE_ENV === 'production' });
  runtime = { env, logger, db: openServiceDatabase(env, { applicationName: 'cafe-projector', logger }), startedAt: Date.now() };
  return runtime;
}

/** The runtime started by the server plugin. */
export function useProjectorRuntime(): ProjectorRuntime {
  if (!runtime) throw new Error('projector runtime not started');
  return runtime;
}
