import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { readRebuiltRooms } from './helpers/rebuild';
import { appendCommitted, waitUntil } from '../../bus/test/helpers/events';
import { startSteadyWriter, WORKLOAD_ROOMS } from '../../bus/test/helpers/room-events';
import { createPrivateRedis, type PrivateRedis } from '../../bus/test/helpers/redis-server';
import { fetchProjectorHealth, readRooms } from '../../projector/test/helpers/compare';
import { connectSse, eventSequences, type SseClient } from './helpers/sse-client';

// Acceptance: Redis stopped for 10 s during a steady write load, then started again: every
// committed event reaches the realtime subscribers and the projector exactly once. Uses a
// redis-server of its own (AOF on, like production), never the machine's shared one.

let hasRedisServer = true;
try {
  execFileSync('redis-server', ['--version']);
} catch {
  hasRedisServer = false;
  console.warn('[realtime] Redis outage suite skipped: no redis-server binary on PATH');
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasRedisServer)('Redis down for 10 s under a steady write load', () => {
  let db: TestDatabase;
  let server: PrivateRedis;
  let realtime: RunningApp;
  let projector: RunningApp;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await createPrivateRedis({ persist: true });
    await server.start();
    const env = { DATABASE_URL: db.url, REDIS_URL: server.url, BUS_POLL_MS: '200', PROJECTOR_POLL_MS: '200', PROJECTOR_REDIS_STREAM_MAXLEN: '5000', PROJECTOR_REDIS_PREFIX: 'acf' };
    [realtime, projector] = await Promise.all([startBuiltApp('realtime', env), startBuiltApp('projector', env)]);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all([realtime?.stop(), projector?.stop()]);
    await server?.destroy();
    await db?.drop();
  });

  it('delivers every committed event exactly once to SSE clients and the projector', async () => {
    for (const room of WORKLOAD_ROOMS) {
      const client = await connectSse(`${realtime.baseUrl}/v1/stream?tenantId=${room.tenantId}&roomId=${room.roomId}`);
      await client.waitFor((frames) => frames.some((frame) => frame.event === 'ready'), 'ready');
      clients.push(client);
    }
    const writer = startSteadyWriter((events) => appendCommitted(db.sql, events), 25);
    await sleep(2000);
    await server.stop();
    const writtenAtStop = writer.written;
    await sleep(10_000);
    const writtenWhileDown = writer.written - writtenAtStop;
    await server.start();
    await sleep(3000);
    await writer.stop();
    console.info(`[redis outage] ${writer.written} events written, ${writtenWhileDown} of them while Redis was down`);
    expect(writtenWhileDown).toBeGreaterThan(100);

    for (const [index, room] of WORKLOAD_ROOMS.entries()) {
      const rows = await db.sql<{ sequence: number }[]>`select sequence from events where tenant_id = ${room.tenantId} and room_id = ${room.roomId} order by sequence`;
      const expected = rows.map((row) => Number(row.sequence));
      await clients[index]!.waitFor((frames) => eventSequences(frames).length >= expected.length, `${room.roomId}: ${expected.length} events`, 30_000);
      await sleep(300);
      expect(eventSequences(clients[index]!.frames)).toEqual(expected);
    }

    const [{ max }] = await db.sql<{ max: number }[]>`select max(sequence)::int as max from events`;
    await waitUntil(async () => {
      const health = await fetchProjectorHealth(projector.baseUrl);
      return (health.projector?.position ?? 0) >= max && health.lag?.events === 0;
    }, `projector caught up to ${max}`, 30_000);
    const redis = new Redis(server.url);
    try {
      for (const room of WORKLOAD_ROOMS) {
        const stream = await redis.xrange(`acf:room:${room.tenantId}:${room.roomId}:stream`, '-', '+');
        const rows = await db.sql<{ sequence: number }[]>`select sequence from events where tenant_id = ${room.tenantId} and room_id = ${room.roomId} order by sequence`;
        expect(stream.map(([id]) => id)).toEqual(rows.map((row) => `${row.sequence}-0`));
      }
      const live = await readRooms(redis, 'acf', WORKLOAD_ROOMS);
      expect(live).toEqual(await readRebuiltRooms(db.sql, redis, 'rebuilt', WORKLOAD_ROOMS));
      const realtimeHealth = (await (await fetch(`${realtime.baseUrl}/healthz`)).json()) as { source: { reconnects: number; connected: boolean } };
      expect(realtimeHealth.source.connected).toBe(true);
      expect(realtimeHealth.source.reconnects).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  }, 120_000);
});
