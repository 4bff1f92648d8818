import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTestDatabase, startBuiltApp, type AppName, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { findApp } from '../../scripts/lib/apps';
import { buildApps } from '../../scripts/lib/build';

/** The Postgres server benchmarks create their scratch databases on, unless told otherwise. */
export const DEFAULT_BENCH_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * The Redis database benchmarks use: a logical database of its own, so a running `dev:all` or
 * test suite (database 0) never sees the benchmark's stream and keys.
 */
export const DEFAULT_BENCH_REDIS_URL = 'redis://127.0.0.1:6379/12';

export interface BenchStack {
  db: TestDatabase;
  api: RunningApp;
  realtime: RunningApp | null;
  projector: RunningApp | null;
  redisUrl: string | null;
  /** The API token of this stack: NODE_ENV=production requires one, so clients send it. */
  apiToken: string;
  /** Stops every app it started, drops the scratch database and deletes its Redis keys. */
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  realtime?: boolean;
  projector?: boolean;
  /** Extra environment for every app (e.g. PG_POOL_MAX). */
  env?: Record<string, string>;
  log?: (message: string) => void;
}

/** The Postgres server URL for scratch databases: TEST_DATABASE_URL, DATABASE_URL, else the local one. */
export function resolveBenchPostgresUrl(): string {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_BENCH_POSTGRES_URL;
}

/** The keys a stack writes with the apps' default names: event stream, read models, limits, locks. */
const STACK_KEY_PATTERNS = ['cafe:*', 'acf:*'];

/** Deletes the keys a stack writes (see STACK_KEY_PATTERNS) from the benchmark's Redis database. */
async function clearStackKeys(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    for (const pattern of STACK_KEY_PATTERNS) {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length > 0) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    client.disconnect();
  }
}

/**
 * Deletes what an earlier stack left in the benchmark's Redis database (a stale event stream
 * would make the relay skip the fresh database's events); keys of other benchmarks sharing the
 * database under other names stay. Null when Redis is off (`BENCH_REDIS_URL=off`) or unreachable.
 */
async function prepareRedis(log: (message: string) => void): Promise<string | null> {
  const url = process.env.BENCH_REDIS_URL ?? DEFAULT_BENCH_REDIS_URL;
  if (url === 'off' || url === '') return null;
  try {
    await clearStackKeys(url);
    return url;
  } catch (error) {
    log(`redis ${url} unreachable (${(error as Error).message}): running on Postgres alone`);
    return null;
  }
}

/**
 * Builds the apps if their sources changed, creates a scratch database on the machine's
 * Postgres, and starts the API (and realtime and projector when asked) on free ports with the
 * rate limit raised and request logging off, so a benchmark never collides with a running
 * `dev:all` and measures the service rather than its console.
 */
export async function startBenchStack(options: BenchStackOptions = {}): Promise<BenchStack> {
  const log = options.log ?? (() => {});
  const names: AppName[] = ['api', ...(options.realtime ? (['realtime'] as const) : []), ...(options.projector ? (['projector'] as const) : [])];
  await buildApps(
    names.map((name) => findApp(name === 'flex-registry' ? 'flex' : name)),
    { log },
  );
  process.env.TEST_DATABASE_URL = resolveBenchPostgresUrl();
  const db = await createTestDatabase({ prefix: 'cafe_bench' });
  const redisUrl = await prepareRedis(log);
  const apiToken = randomUUID();
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl ?? '',
    API_RATE_LIMIT_PER_MIN: '100000000',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // Production refuses to start without both; realtime and the projector use the API token too.
    API_AUTH_TOKEN: apiToken,
    OPERATOR_AUTH_TOKEN: randomUUID(),
    ...options.env,
  };
  // BENCH_CPU_PROF_DIR: each app writes a V8 CPU profile there when it stops (what bounds a figure).
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const startApp = (name: AppName, appEnv: Record<string, string>) => startBuiltApp(name, appEnv, undefined, nodeArgs);
  const started: RunningApp[] = [];
  const stop = async () => {
    await Promise.all(started.map((app) => app.stop()));
    await db.drop();
    if (redisUrl) await clearStackKeys(redisUrl).catch(() => {});
  };
  try {
    const api = await startApp('api', env);
    started.push(api);
    const source = `${api.baseUrl}/v1/streams/market-events`;
    const realtime = options.realtime ? await startApp('realtime', { ...env, REALTIME_EVENT_SOURCE_URL: source }) : null;
    if (realtime) started.push(realtime);
    const projector = options.projector ? await startApp('projector', { ...env, PROJECTOR_EVENT_SOURCE_URL: api.baseUrl }) : null;
    if (projector) started.push(projector);
    return { db, api, realtime, projector, redisUrl, apiToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
