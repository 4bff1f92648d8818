import { resolve } from 'node:path';
import { createPgClient, migrateDatabase } from '@cafe/db';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@cafe/db/embedded';
import { EnvError, parseLauncherEnv, type LauncherEnv } from '@cafe/shared';
import { appCommand, type LaunchMode } from './app-commands';
import { ROOT_DIR, type AppSpec } from './apps';
import { buildApps } from './build';
import { runApps, type RunningApps } from './run-apps';
import { findStaleApps, LAUNCHER_PID_VAR, stopStaleApps } from './stale-apps';

const say = (message: string) => process.stdout.write(`[launcher] ${message}\n`);

/** Validates every app's env before anything starts; prints one line and exits on the first problem. */
export function validateEnvOrExit(apps: AppSpec[]): { env: LauncherEnv; listen: Map<AppSpec, { host: string; port: number }> } {
  try {
    const env = parseLauncherEnv(process.env);
    const listen = new Map(apps.map((app) => [app, app.parseEnv(process.env)] as const));
    return { env, listen };
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Uses DATABASE_URL when set; otherwise starts (or reuses) the embedded PostgreSQL under .data/. */
export async function ensureDatabase(env: LauncherEnv): Promise<{ url: string; mode: 'embedded' | 'external'; embedded?: EmbeddedPostgres }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, mode: 'external' };
  const embedded = await startEmbeddedPostgres({
    dataDir: resolve(ROOT_DIR, env.EMBEDDED_PG_DATA_DIR),
    port: env.EMBEDDED_PG_PORT,
    user: env.EMBEDDED_PG_USER,
    password: env.EMBEDDED_PG_PASSWORD,
    database: env.EMBEDDED_PG_DATABASE,
    log: (m) => say(`postgres: ${m}`),
  });
  return { url: embedded.url, mode: 'embedded', embedded };
}

/** Applies migrations once, before the apps start (they re-check under the same lock). */
export async function migrateOnce(url: string, env: LauncherEnv): Promise<void> {
  const sql = createPgClient(url, { max: 2, applicationName: 'cafe-launcher' });
  try {
    const result = await migrateDatabase(sql, { lockKey: env.API_DB_MIGRATION_LOCK_KEY, migrationsFolder: env.DB_MIGRATIONS_DIR });
    say(`migrations: ${result.applied} applied, ${result.total} total`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** How long an app gets to stop after SIGTERM before it is killed. */
const APP_KILL_TIMEOUT_MS = 10_000;

/**
 * The launcher runs as plain `node --import tsx` (package.json), not under the `tsx` CLI: that
 * CLI kills its child with SIGKILL when the child does not acknowledge a relayed Ctrl-C within
 * 30 ms, which a busy launcher misses, and the embedded Postgres would then be left running.
 *
 * Starts the database and migrations, then the apps in the given mode (`dev`: Nitro dev servers
 * that reload on change; `start`: the built bundles, rebuilt first when their sources changed),
 * and supervises them: SIGINT/SIGTERM (or any app dying) stops every app, then the embedded
 * Postgres, so a Ctrl-C leaves nothing running.
 */
export async function launch(apps: AppSpec[], mode: LaunchMode): Promise<void> {
  const { env, listen } = validateEnvOrExit(apps);
  const startedAt = Date.now();
  let database: Awaited<ReturnType<typeof ensureDatabase>> | undefined;
  let running: RunningApps | undefined = undefined;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    if (running) {
      running.stop();
      const force = setTimeout(() => running?.kill(), APP_KILL_TIMEOUT_MS);
      await running.exited;
      clearTimeout(force);
    }
    if (database?.embedded) await database.embedded.stop().catch((error: Error) => say(error.message));
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));

  // A launcher killed with -9 could not stop its apps: they still hold the ports.
  const stale = findStaleApps(ROOT_DIR);
  if (stale.length > 0) {
    const launchers = [...new Set(stale.map((app) => app.launcherPid))].join(', ');
    say(`stopping ${stale.length} app process(es) left running by a launcher that is gone (pid ${launchers}): ${stale.map((app) => app.pid).join(', ')}`);
    await stopStaleApps(stale, APP_KILL_TIMEOUT_MS);
  }

  try {
    const [db] = await Promise.all([ensureDatabase(env), mode === 'start' ? buildApps(apps, { log: say }) : undefined]);
    database = db;
    say(`postgres: ${db.mode}${db.mode === 'embedded' ? ` on port ${env.EMBEDDED_PG_PORT}` : ''}`);
    await migrateOnce(db.url, env);
  } catch (error) {
    say(`start-up failed: ${(error as Error).message}`);
    await stop(1);
    return;
  }
  if (stopping) return;

  running = runApps(
    apps.map((app) => appCommand(app, mode, listen.get(app)!)),
    {
      env: {
        ...process.env,
        DATABASE_URL: database!.url,
        CAFE_POSTGRES_MODE: database!.mode,
        NITRO_SHUTDOWN_TIMEOUT: process.env.NITRO_SHUTDOWN_TIMEOUT ?? '5000',
        [LAUNCHER_PID_VAR]: String(process.pid),
        // People read a dev terminal; production-like runs keep the JSON lines.
        LOG_FORMAT: process.env.LOG_FORMAT ?? (mode === 'dev' ? 'pretty' : 'json'),
      },
    },
  );
  void running.exited.then(() => {
    if (stopping) return;
    say('an app exited; the others were stopped');
    void stop(1);
  });
  const urls = apps.map((app) => `${app.name} http://127.0.0.1:${listen.get(app)!.port}${app.healthPath}`);
  say(`${mode === 'dev' ? 'dev servers (reload on change)' : 'built apps'} starting after ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${urls.join('  ')}`);
}
