import { parseEnvWith, type EnvSource } from './parse';
import { boolVar, enumVar, intVar, LOG_FORMATS, logLevelVar, optionalStringVar, urlVar } from './vars';

/** REDIS_COMMAND_TIMEOUT_MS's default, also used by Redis clients built outside a service's env. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2000;

/** Variables every service reads: runtime mode, logging, Postgres and Redis connections. */
export const commonEnvShape = {
  NODE_ENV: enumVar(['development', 'production', 'test'] as const, 'development'),
  LOG_LEVEL: logLevelVar('info'),
  /** `json` (one object per line) or `pretty` (for people; `npm run dev:*` sets it unless given). */
  LOG_FORMAT: enumVar(LOG_FORMATS, 'json'),
  DATABASE_URL: urlVar(['postgres:', 'postgresql:']),
  /** Set by the dev launcher when it started the embedded Postgres: reported by health. */
  CAFE_POSTGRES_MODE: enumVar(['embedded', 'external'] as const, 'external'),
  PG_POOL_MAX: intVar(10, { min: 1 }),
  PG_IDLE_TIMEOUT_MS: intVar(30000, { min: 1000 }),
  API_DB_AUTO_MIGRATE: boolVar(true),
  API_DB_MIGRATION_LOCK_KEY: intVar(942516431),
  API_DB_REQUIRED: boolVar(false),
  REDIS_URL: urlVar(['redis:', 'rediss:']),
  /**
   * The longest (ms) any Redis command may go unanswered. A Redis that stops answering (a dead
   * peer, a black-holed network) then fails commands like a refused connection instead of
   * hanging them, and its socket is dropped and reconnected.
   */
  REDIS_COMMAND_TIMEOUT_MS: intVar(DEFAULT_REDIS_COMMAND_TIMEOUT_MS, { min: 100 }),
  DB_MIGRATIONS_DIR: optionalStringVar(),
  /**
   * How long (ms) one open transaction may hold the server-wide read horizon before health says
   * degraded: until it ends, no event reader on that Postgres server sees new events.
   */
  DB_HORIZON_STUCK_MS: intVar(30000, { min: 1000 }),
  /**
   * Check every appended event's payload against the event catalogue, failing the append on a
   * mismatch. The test setup turns it on; production leaves it off and trusts the typed writers.
   */
  CAFE_CHECK_EVENT_PAYLOADS: boolVar(false),
};

/** Reads CAFE_CHECK_EVENT_PAYLOADS alone: the event store consults it outside any service's env. */
export function readEventPayloadCheck(source: EnvSource): boolean {
  return parseEnvWith({ CAFE_CHECK_EVENT_PAYLOADS: commonEnvShape.CAFE_CHECK_EVENT_PAYLOADS }, source).CAFE_CHECK_EVENT_PAYLOADS;
}
