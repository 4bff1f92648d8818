import { openServiceDatabase, type ServiceDatabase } from '@cafe/db';
import { createLogger, type Logger, type RealtimeEnv } from '@cafe/shared';

export interface RealtimeRuntime {
  env: RealtimeEnv;
  logger: Logger;
  db: ServiceDatabase;
  startedAt: number;
  clients: number;
  rooms: Set<string>;
  source: { connected: boolean; reconnects: number; lastCursor: number; lastEventAt: string | null; lastError: string | null };
}

let runtime: RealtimeRuntime | undefined;

/** Builds the realtime process state: logger, pool (migrations only checked, API owns them). */
export function startRealtimeRuntime(env: RealtimeEnv): RealtimeRuntime {
  const logger = createLogger({ service: 'agentcafe-realtime', level: env.LOG_LEVEL, json: env.NODE_ENV === 'production' });
  runtime = {
    env,
    logger,
    db: openServiceDatabase(env, { applicationName: 'cafe-realtime', logger }),
    startedAt: Date.now(),
    clients: 0,
    rooms: new Set(),
    source: { connected: false, reconnects: 0, lastCursor: 0, lastEventAt: null, lastError: null },
  };
  return runtime;
}

/** The runtime started by the server plugin. */
export function useRealtimeRuntime(): RealtimeRuntime {
  if (!runtime) throw new Error('realtime runtime not started');
  return runtime;
}
