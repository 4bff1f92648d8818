import { createPgClient } from '@cafe/db';
import { createRedisClient, createRedisRoomStore, waitForRedisReady } from '@cafe/bus';
import { loadEnvOrExit, parseProjectorEnv } from '@cafe/shared';
import { rebuildReadModels } from '../rebuild';

/**
 * `npm run rebuild -w @cafe/projector [-- --prefix <prefix>]`: replays the whole event log into
 * the Redis keyspace `<prefix>` (default PROJECTOR_REDIS_PREFIX). Stop the projector first when
 * rebuilding its live prefix. Prints one JSON summary line.
 */
const env = loadEnvOrExit(parseProjectorEnv);
const prefixFlag = process.argv.indexOf('--prefix');
const prefix = prefixFlag >= 0 ? process.argv[prefixFlag + 1] : env.PROJECTOR_REDIS_PREFIX;
if (!env.DATABASE_URL || !env.REDIS_URL || !prefix) {
  process.stderr.write('projector rebuild needs DATABASE_URL, REDIS_URL and a prefix\n');
  process.exit(1);
}
const sql = createPgClient(env.DATABASE_URL, { max: 2, applicationName: 'cafe-projector-rebuild' });
const redis = createRedisClient(env.REDIS_URL, { name: 'cafe-projector-rebuild' });
try {
  if (!(await waitForRedisReady(redis, 5000))) throw new Error(`Redis at ${env.REDIS_URL} is not reachable`);
  const store = createRedisRoomStore({
    redis,
    prefix,
    streamMaxLen: env.PROJECTOR_REDIS_STREAM_MAXLEN,
    presenceTtlSeconds: env.PROJECTOR_REDIS_PRESENCE_TTL_SECONDS,
  });
  const startedAt = Date.now();
  const result = await rebuildReadModels({ sql, store, streamMaxLen: env.PROJECTOR_REDIS_STREAM_MAXLEN });
  process.stdout.write(`${JSON.stringify({ ok: true, prefix, ...result, durationMs: Date.now() - startedAt })}\n`);
} catch (error) {
  process.stderr.write(`projector rebuild failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  redis.disconnect();
  await sql.end({ timeout: 5 });
}
