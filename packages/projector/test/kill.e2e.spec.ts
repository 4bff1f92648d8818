import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { createTestDatabase, getTestRedisUrl, isRedisReachable, startBuiltApp, uniqueRedisPrefix, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { appendCommitted, waitUntil } from '../../bus/test/helpers/events';
import { startSteadyWriter, WORKLOAD_ROOMS } from '../../bus/test/helpers/room-events';
import { fetchProjectorHealth, readRooms } from './helpers/compare';

// Acceptance: the projector killed with SIGKILL in the middle of a write load and restarted
// ends with read models equal to a full rebuild from the log (`npm run rebuild`).

const redisUrl = getTestRedisUrl();
const reachable = await isRedisReachable(redisUrl);
if (!reachable) console.warn(`[projector] SIGKILL suite skipped: no Redis answers at ${redisUrl ?? '(REDIS_URL unset)'}`);
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!reachable)('projector killed with SIGKILL mid-load', () => {
  let db: TestDatabase;
  let redis: Redis;
  const prefix = uniqueRedisPrefix('kill');
  const apps: RunningApp[] = [];
  const env = () => ({
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    BUS_REDIS_STREAM_KEY: `${prefix}:events`,
    PROJECTOR_REDIS_PREFIX: `${prefix}:live`,
    PROJECTOR_POLL_MS: '200',
    PROJECTOR_REDIS_STREAM_MAXLEN: '5000',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = new Redis(redisUrl!);
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await db?.drop();
  });

  it('restarts to read models equal to a full rebuild from the log', async () => {
    const first = await startBuiltApp('projector', env());
    apps.push(first);
    const writer = startSteadyWriter((events) => appendCommitted(db.sql, events), 10);
    await waitUntil(async () => ((await fetchProjectorHealth(first.baseUrl)).projector?.position ?? 0) > 50, 'projector under way');
    first.process.kill('SIGKILL');
    await new Promise((done) => first.process.once('exit', done));
    // What the killed instance left: a checkpoint behind the log and unacknowledged entries.
    const checkpointAtKill = Number(await redis.get(`${prefix}:live:projector:checkpoint`));
    // The group may not exist yet: a consumer that starts before Redis answers reads Postgres first.
    const [pendingAtKill] = ((await redis.xpending(`${prefix}:events`, 'projector').catch(() => [0])) as [number]);
    console.info(`[projector kill] checkpoint at kill ${checkpointAtKill}, pending entries ${pendingAtKill}, events written so far ${writer.written}`);
    expect(checkpointAtKill).toBeGreaterThan(0);
    await sleep(1000);
    const second = await startBuiltApp('projector', env());
    apps.push(second);
    await sleep(1500);
    await writer.stop();
    const [{ max }] = await db.sql<{ max: number }[]>`select max(sequence)::int as max from events`;
    let last: unknown = null;
    await waitUntil(async () => {
      const health = await fetchProjectorHealth(second.baseUrl);
      last = health;
      return (health.projector?.position ?? 0) >= max && health.lag?.events === 0;
    }, `restarted projector caught up to ${max}`, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; last health ${JSON.stringify(last)}; output ${second.output().slice(-2000)}`);
    });
    const health = await fetchProjectorHealth(second.baseUrl);
    expect(health).toMatchObject({ role: 'active', lag: { events: 0, ms: 0 } });
    await second.stop();

    const { stdout } = await run(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../src/cli/rebuild.ts'), '--prefix', `${prefix}:rebuilt`], {
      env: { ...process.env, ...env() },
      cwd: resolve(import.meta.dirname, '..'),
    });
    const summary = JSON.parse(stdout.trim()) as { ok: boolean; checkpoint: number; rooms: number; events: number };
    expect(summary).toMatchObject({ ok: true, checkpoint: max, rooms: WORKLOAD_ROOMS.length });
    expect(summary.events).toBe(writer.written);

    const live = await readRooms(redis, `${prefix}:live`, WORKLOAD_ROOMS);
    const rebuilt = await readRooms(redis, `${prefix}:rebuilt`, WORKLOAD_ROOMS);
    expect(live).toEqual(rebuilt);
    for (const room of WORKLOAD_ROOMS) {
      const stream = await redis.xrange(`${prefix}:live:room:${room.tenantId}:${room.roomId}:stream`, '-', '+');
      const rows = await db.sql<{ sequence: number }[]>`select sequence from events where tenant_id = ${room.tenantId} and room_id = ${room.roomId} order by sequence`;
      expect(stream.map(([id]) => id)).toEqual(rows.map((row) => `${row.sequence}-0`));
    }
  }, 120_000);
});
