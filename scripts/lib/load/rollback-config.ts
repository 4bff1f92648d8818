import { readNumberVar, readStringVar, type EnvSource } from './env-values';

/** The rollback drill's configuration (docs/performance.md#rollback-drill-npm-run-runtimerollbackdrill). */
export interface RollbackConfig {
  /** Trimmed and lower-cased; validated by the drill, not here. */
  mode: string;
  /** Only when `ROLLBACK_WORLD_URL` is set: the new runtime has no world server. */
  worldUrl: string | null;
  apiUrl: string;
  realtimeUrl: string;
  timeoutMs: number;
}

/** Reads `ROLLBACK_*` with their documented defaults; the timeout is raised to at least 500 ms. */
export function readRollbackConfig(env: EnvSource): RollbackConfig {
  return {
    mode: readStringVar(env, 'ROLLBACK_DRILL_MODE', 'dry-run').toLowerCase(),
    worldUrl: env.ROLLBACK_WORLD_URL?.trim() || null,
    apiUrl: readStringVar(env, 'ROLLBACK_API_URL', 'http://127.0.0.1:3850'),
    realtimeUrl: readStringVar(env, 'ROLLBACK_REALTIME_URL', 'http://127.0.0.1:3851'),
    timeoutMs: readNumberVar(env, 'ROLLBACK_DRILL_TIMEOUT_MS', 4000, 500),
  };
}
