import { checkDatabase, createPgClient, type Sql } from './client';
import { migrateDatabase } from './migrate';

export interface ServiceDatabaseEnv {
  DATABASE_URL?: string;
  PG_POOL_MAX: number;
  PG_IDLE_TIMEOUT_MS: number;
  API_DB_AUTO_MIGRATE: boolean;
  API_DB_MIGRATION_LOCK_KEY: number;
  API_DB_REQUIRED: boolean;
  DB_MIGRATIONS_DIR?: string;
}

interface LoggerLike {
  info(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

export interface ServiceDatabase {
  sql: Sql | null;
  /** Resolves when start-up migrations are done (or failed: see `problem`). */
  ready: Promise<void>;
  /** Why the database cannot be used right now, or null when a probe succeeds. */
  probe(): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * Opens a service's pool and, when enabled, runs migrations under the advisory lock. A failed
 * migration leaves the service up and reporting degraded, unless API_DB_REQUIRED says to exit.
 */
export function openServiceDatabase(
  env: ServiceDatabaseEnv,
  options: { applicationName: string; logger: LoggerLike; url?: string },
): ServiceDatabase {
  const url = options.url ?? env.DATABASE_URL;
  if (!url) {
    if (env.API_DB_REQUIRED) {
      process.stderr.write('Invalid environment: DATABASE_URL is required (API_DB_REQUIRED=true)\n');
      process.exit(1);
    }
    return {
      sql: null,
      ready: Promise.resolve(),
      probe: async () => 'DATABASE_URL is not set',
      close: async () => {},
    };
  }
  const sql = createPgClient(url, {
    max: env.PG_POOL_MAX,
    idleTimeoutMs: env.PG_IDLE_TIMEOUT_MS,
    applicationName: options.applicationName,
  });
  let migrationProblem: string | null = null;
  const ready = env.API_DB_AUTO_MIGRATE
    ? migrateDatabase(sql, { lockKey: env.API_DB_MIGRATION_LOCK_KEY, migrationsFolder: env.DB_MIGRATIONS_DIR })
        .then((result) => void options.logger.info('migrations checked', result))
        .catch((error: Error) => {
          migrationProblem = `migration failed: ${error.message}`;
          options.logger.error('migration failed', { error: error.message });
          if (env.API_DB_REQUIRED) process.exit(1);
        })
    : Promise.resolve();
  return {
    sql,
    ready,
    probe: async () => migrationProblem ?? (await checkDatabase(sql)),
    close: () => sql.end({ timeout: 5 }),
  };
}
