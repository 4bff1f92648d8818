import { checkDatabase, createPgClient, type Sql } from './client';
import { createHorizonWatch, type HorizonHealth } from './horizon/index';
import { MigrationRefusedError, migrateDatabase } from './migrate';

export interface ServiceDatabaseEnv {
  DATABASE_URL?: string;
  PG_POOL_MAX: number;
  PG_IDLE_TIMEOUT_MS: number;
  API_DB_AUTO_MIGRATE: boolean;
  API_DB_MIGRATION_LOCK_KEY: number;
  API_DB_REQUIRED: boolean;
  DB_MIGRATIONS_DIR?: string;
  DB_HORIZON_STUCK_MS: number;
}

/** The read horizon as health reports it; `error` when it could not be read (not itself degraded). */
export type HorizonStatus = Omit<HorizonHealth, 'xmin'> & { xmin: string | null; error: string | null };

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
  /**
   * Whether event reads are frozen by a transaction held open anywhere on the server
   * (docs/operations.md#a-postgres-cluster-of-its-own); null without a database.
   */
  horizon(): Promise<HorizonStatus | null>;
  close(): Promise<void>;
}

const MIGRATION_RETRY_BASE_MS = 1000;
const MIGRATION_RETRY_MAX_MS = 15_000;

/**
 * Opens a service's pool and, when enabled, runs migrations under the advisory lock. A failed
 * migration leaves the service up and reporting degraded (and retrying), unless
 * API_DB_REQUIRED says to exit. Migrations that do not match the database's record
 * (`MigrationRefusedError`) always exit: no retry can fix them, and running would mean running
 * on a schema the code does not describe.
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
      horizon: async () => null,
      close: async () => {},
    };
  }
  const sql = createPgClient(url, {
    max: env.PG_POOL_MAX,
    idleTimeoutMs: env.PG_IDLE_TIMEOUT_MS,
    applicationName: options.applicationName,
  });
  let migrationProblem: string | null = null;
  const horizonWatch = createHorizonWatch(sql, { stuckAfterMs: env.DB_HORIZON_STUCK_MS });
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  // A short-lived pool of its own: the advisory lock pins one connection while drizzle needs
  // another, and the service pool may be a single connection (PG_POOL_MAX=1).
  const migrateWithOwnPool = async () => {
    const migrator = createPgClient(url, { max: 2, applicationName: `${options.applicationName}-migrate` });
    try {
      return await migrateDatabase(migrator, { lockKey: env.API_DB_MIGRATION_LOCK_KEY, migrationsFolder: env.DB_MIGRATIONS_DIR });
    } finally {
      await migrator.end({ timeout: 5 });
    }
  };

  // `ready` settles after the first attempt either way. A failed attempt is retried with
  // back-off, so a service that started while Postgres was down becomes healthy once it is up.
  const ready = env.API_DB_AUTO_MIGRATE
    ? new Promise<void>((settle) => {
        const attempt = async (round: number) => {
          try {
            const result = await migrateWithOwnPool();
            migrationProblem = null;
            options.logger.info('migrations checked', result);
          } catch (error) {
            if (error instanceof MigrationRefusedError) {
              process.stderr.write(`Refusing to start: ${error.message}\n`);
              process.exit(1);
            }
            migrationProblem = `migration failed: ${(error as Error).message}`;
            options.logger.error('migration failed', { error: (error as Error).message, attempt: round });
            if (env.API_DB_REQUIRED) process.exit(1);
            if (!closed) {
              const delayMs = Math.min(MIGRATION_RETRY_MAX_MS, MIGRATION_RETRY_BASE_MS * 2 ** (round - 1));
              retryTimer = setTimeout(() => void attempt(round + 1), delayMs);
              retryTimer.unref();
            }
          } finally {
            settle();
          }
        };
        void attempt(1);
      })
    : Promise.resolve();
  return {
    sql,
    ready,
    probe: async () => migrationProblem ?? (await checkDatabase(sql)),
    horizon: async () => {
      try {
        return { ...(await horizonWatch.check()), error: null };
      } catch (error) {
        const stuckAfterMs = env.DB_HORIZON_STUCK_MS;
        return { stuck: false, stuckAfterMs, xmin: null, heldForMs: null, holder: null, problem: null, error: (error as Error).message };
      }
    },
    close: async () => {
      closed = true;
      clearTimeout(retryTimer);
      await sql.end({ timeout: 5 });
    },
  };
}
