import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createPgClient, migrateDatabase } from '@cafe/db';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@cafe/db/embedded';
import { EnvError, parseLauncherEnv, type LauncherEnv } from '@cafe/shared';
import { ROOT_DIR, serverEntry, type AppSpec } from './apps';
import { buildApps } from './build';

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

function pipeWithPrefix(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WritableStream): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`${prefix} ${line}\n`);
  });
  stream.on('end', () => pending && out.write(`${prefix} ${pending}\n`));
}

/**
 * Builds the apps if their sources changed, starts them against the database and supervises
 * them: SIGINT/SIGTERM (or any app dying) stops every app, then the embedded Postgres.
 */
export async function launch(apps: AppSpec[]): Promise<void> {
  const { env, listen } = validateEnvOrExit(apps);
  const startedAt = Date.now();
  const children = new Map<AppSpec, ChildProcess>();
  let database: Awaited<ReturnType<typeof ensureDatabase>> | undefined;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    if (database?.embedded) await database.embedded.stop().catch((error: Error) => say(error.message));
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const [db] = await Promise.all([ensureDatabase(env), buildApps(apps, { log: say })]);
    database = db;
    say(`postgres: ${db.mode}${db.mode === 'embedded' ? ` on port ${env.EMBEDDED_PG_PORT}` : ''}`);
    await migrateOnce(db.url, env);
  } catch (error) {
    say(`start-up failed: ${(error as Error).message}`);
    await stop(1);
    return;
  }
  if (stopping) return;

  for (const app of apps) {
    const { host, port } = listen.get(app)!;
    const child = spawn(process.execPath, [serverEntry(app)], {
      cwd: ROOT_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: database!.url,
        CAFE_POSTGRES_MODE: database!.mode,
        NITRO_HOST: host,
        NITRO_PORT: String(port),
        NITRO_SHUTDOWN_TIMEOUT: process.env.NITRO_SHUTDOWN_TIMEOUT ?? '5000',
      },
    });
    pipeWithPrefix(child.stdout, `[${app.name}]`, process.stdout);
    pipeWithPrefix(child.stderr, `[${app.name}]`, process.stderr);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      say(`${app.name} exited (${signal ?? code}); stopping the others`);
      void stop(code || 1);
    });
    children.set(app, child);
  }
  const urls = apps.map((app) => `${app.name} http://127.0.0.1:${listen.get(app)!.port}${app.healthPath}`);
  say(`started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${urls.join('  ')}`);
}
