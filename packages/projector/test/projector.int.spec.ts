import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createTestDatabase, getTestRedisUrl, isRedisReachable, uniqueRedisPrefix, type TestDatabase } from '@cafe/testkit';
import { createLogger, createRoomProjection, foldRoomEvent, type EventEnvelope } from '@cafe/shared';
import { readEventsAfter } from '@cafe/db';
import {
  createEventTransport,
  createMemoryRoomStore,
  createRedisClient,
  createRedisRoomStore,
  getCheckpointKey,
  getResumeKey,
  getRoomKeys,
  waitForRedisReady,
  readRoomKeyspace,
  type EventTransport,
  type RoomModelStore,
} from '@cafe/bus';
import { appendCommitted, waitUntil } from '../../bus/test/helpers/events';
import { makeRoomEvent, WORKLOAD_ROOMS } from '../../bus/test/helpers/room-events';
import { createProjector, type Projector } from '../src/projector';
import { rebuildReadModels } from '../src/rebuild';

const redisUrl = getTestRedisUrl();
const reachable = await isRedisReachable(redisUrl);
if (!reachable) console.warn(`[projector] Redis read-model suite skipped: no Redis answers at ${redisUrl ?? '(REDIS_URL unset)'}`);
const logger = createLogger({ service: 'projector-test', level: 'error' });

async function writeWorkload(db: TestDatabase, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 3) {
    await appendCommitted(db.sql, [makeRoomEvent(i), makeRoomEvent(i + 1), makeRoomEvent(i + 2)].slice(0, Math.min(3, from + count - i)));
  }
}

describe.skipIf(!reachable)('projector with the Redis keyspace', () => {
  let db: TestDatabase;
  let redis: Redis;
  let transport: EventTransport;
  const prefix = uniqueRedisPrefix('proj');
  const stores: RoomModelStore[] = [];
  const projectors: Projector[] = [];

  const openStore = async (storePrefix: string) => {
    const client = createRedisClient(redisUrl!, { name: 'test-store' });
    await waitForRedisReady(client, 5000);
    const store = createRedisRoomStore({ redis: client, prefix: storePrefix, streamMaxLen: 100, presenceTtlSeconds: 30 });
    stores.push(store);
    return store;
  };
  const openProjector = (store: RoomModelStore, name: string, fullWriteBytesPerSecond?: number) => {
    const projector = createProjector({ transport, store, logger, pollMs: 100, startCursor: 0, consumerName: name, group: `${prefix}-group`, fullWriteBytesPerSecond });
    projectors.push(projector);
    return projector;
  };
  // The last committed sequence (the settled head may lag it while other transactions run).
  const head = async () => Number((await db.sql<{ max: number }[]>`select max(sequence) as max from events`)[0]!.max);

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = new Redis(redisUrl!);
    transport = createEventTransport({ sql: db.sql, redisUrl, streamKey: `${prefix}:events`, pollMs: 100, name: 'proj-test' });
    await transport.ready;
  });

  afterAll(async () => {
    for (const projector of projectors) await projector.stop();
    await transport?.close();
    for (const store of stores) await store.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await db?.drop();
  });

  it('writes the docs/transport.md#projector keyspace for every room, with stream ids <sequence>-0 and a presence TTL', async () => {
    const store = await openStore(`${prefix}:a`);
    const projector = openProjector(store, 'a');
    await projector.start();
    await writeWorkload(db, 0, 66);
    const target = await head();
    await waitUntil(() => projector.status().position >= target, `projector at ${projector.status().position}/${target}`);
    const keys = getRoomKeys(`${prefix}:a`, 'default', 'main');
    const state = JSON.parse((await redis.get(keys.state))!);
    expect(state).toMatchObject({ tenantId: 'default', roomId: 'main', actorCount: expect.any(Number), threadCount: expect.any(Number), taskCount: expect.any(Number), objectCount: expect.any(Number) });
    const snapshot = JSON.parse((await redis.get(keys.snapshot))!);
    expect(Object.keys(snapshot).sort()).toEqual(['actors', 'lastEventAt', 'lastEventId', 'localMemory', 'pinnedContext', 'roomId', 'sharedObjects', 'tasks', 'tenantId', 'threads']);
    expect(Object.keys(snapshot.actors[0]).sort()).toEqual(['actorId', 'lastOrder', 'lastSeen', 'presence', 'status', 'x', 'y']);
    const ttl = await redis.ttl(keys.presence);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
    const chat = (await redis.lrange(keys.chat, 0, -1)).map((entry) => JSON.parse(entry));
    expect(chat.length).toBeGreaterThan(0);
    expect(Object.keys(chat[0]).sort()).toEqual(['actorId', 'eventId', 'text', 'ts']);
    const orders = (await redis.lrange(keys.orders, 0, -1)).map((entry) => JSON.parse(entry));
    expect(Object.keys(orders[0]).sort()).toEqual(['actorId', 'eventId', 'itemId', 'size', 'ts']);
    const stream = await redis.xrange(keys.stream, '-', '+');
    const roomEvents = await db.sql<{ sequence: number }[]>`select sequence from events where tenant_id = 'default' and room_id = 'main' order by sequence`;
    expect(stream.map(([id]) => id)).toEqual(roomEvents.map((row) => `${row.sequence}-0`));
    const fields = stream[0]![1];
    expect(fields.filter((_, index) => index % 2 === 0)).toEqual(['eventId', 'sequence', 'tenantId', 'roomId', 'actorId', 'type', 'timestamp', 'payload', 'event']);
    expect(Number(await redis.get(getCheckpointKey(`${prefix}:a`)))).toBe(target);
    await projector.stop();
  });

  it('re-applying events from an older checkpoint changes nothing (dedupe by sequence)', async () => {
    const livePrefix = `${prefix}:a`;
    const before = await Promise.all(WORKLOAD_ROOMS.map((room) => readRoomKeyspace(redis, livePrefix, room.tenantId, room.roomId)));
    // A crash after a flush whose acknowledgement was lost: the stored checkpoint is older than the rooms.
    await redis.set(getCheckpointKey(livePrefix), '5');
    await redis.set(getResumeKey(livePrefix), '5');
    const replaying = openProjector(await openStore(livePrefix), 'a-again');
    await replaying.start();
    const target = await head();
    await waitUntil(() => replaying.status().position >= target, 'replayed');
    await replaying.stop();
    const after = await Promise.all(WORKLOAD_ROOMS.map((room) => readRoomKeyspace(redis, livePrefix, room.tenantId, room.roomId)));
    expect(after).toEqual(before);
  });

  it('equals a full rebuild from the log, room by room', async () => {
    const livePrefix = `${prefix}:a`;
    const projector = openProjector(await openStore(livePrefix), 'a-third');
    await projector.start();
    await writeWorkload(db, 66, 40);
    const target = await head();
    await waitUntil(() => projector.status().position >= target, 'caught up');
    await projector.stop();
    const rebuilt = await rebuildReadModels({ sql: db.sql, store: await openStore(`${prefix}:rebuilt`), streamMaxLen: 100 });
    expect(rebuilt.checkpoint).toBe(target);
    expect(rebuilt.rooms).toBe(WORKLOAD_ROOMS.length);
    for (const room of WORKLOAD_ROOMS) {
      const live = await readRoomKeyspace(redis, livePrefix, room.tenantId, room.roomId);
      const fresh = await readRoomKeyspace(redis, `${prefix}:rebuilt`, room.tenantId, room.roomId);
      expect(live).toEqual(fresh);
      expect(live.state).not.toBeNull();
    }
  });

  it('between whole writes of a large room writes only what changed; a crash before the next whole write loses nothing', async () => {
    const livePrefix = `${prefix}:c`;
    const crashing = await openStore(livePrefix);
    // 1 kB/s: after its first whole write, a room of a few kB waits seconds for the next one.
    const projector = openProjector(crashing, 'c', 1000);
    await projector.start();
    await writeWorkload(db, 118, 15);
    let target = await head();
    await waitUntil(() => projector.status().position >= target, 'caught up');
    const main = getRoomKeys(livePrefix, 'default', 'main');
    const snapshotBefore = await redis.get(main.snapshot);
    await writeWorkload(db, 133, 30);
    target = await head();
    await waitUntil(() => projector.status().position >= target, 'caught up again');
    const [checkpoint, resume] = (await redis.mget(getCheckpointKey(livePrefix), getResumeKey(livePrefix))).map(Number);
    expect(checkpoint).toBe(target);
    expect(resume).toBeLessThan(checkpoint!);
    // Presence, state and the stream are current; only the snapshot trails.
    await rebuildReadModels({ sql: db.sql, store: await openStore(`${prefix}:rebuilt3`), streamMaxLen: 100 });
    const rebuiltMain = await readRoomKeyspace(redis, `${prefix}:rebuilt3`, 'default', 'main');
    const liveMain = await readRoomKeyspace(redis, livePrefix, 'default', 'main');
    expect(liveMain.presence).toEqual(rebuiltMain.presence);
    expect(liveMain.state).toEqual(rebuiltMain.state);
    expect(liveMain.chat).toEqual(rebuiltMain.chat);
    expect(await redis.get(main.snapshot)).toBe(snapshotBefore);
    // The crash: its store goes away, so not even the final flush of stop() lands.
    await crashing.close();
    await projector.stop();
    const restarted = openProjector(await openStore(livePrefix), 'c-restarted', 1000);
    await restarted.start();
    // It refolds from the resume position (the consumer fills the gap from Postgres).
    await waitUntil(() => restarted.status().appliedThrough >= target && restarted.status().pendingEvents === 0, `refolded ${JSON.stringify(restarted.status())}`);
    await restarted.stop();
    for (const room of WORKLOAD_ROOMS) {
      expect(await readRoomKeyspace(redis, livePrefix, room.tenantId, room.roomId)).toEqual(await readRoomKeyspace(redis, `${prefix}:rebuilt3`, room.tenantId, room.roomId));
    }
  });

  it('a keyspace stamped with another database\'s identity is cleared before it is used', async () => {
    const livePrefix = `${prefix}:d`;
    const store = await openStore(livePrefix);
    expect(await store.claim('db-one')).toBe('claimed');
    const projector = createProjector({ transport, store, logger, pollMs: 100, startCursor: 0, consumerName: 'd', group: `${prefix}-group-d`, readIdentity: async () => 'db-one' });
    projectors.push(projector);
    await projector.start();
    const target = await head();
    await waitUntil(() => projector.status().position >= target, 'caught up');
    await projector.stop();
    expect(await store.claim('db-one')).toBe('ours');
    expect(await store.readCheckpoint()).toBe(target);
    // The database was re-created (or another deployment uses this prefix): nothing of it stays.
    expect(await store.claim('db-two')).toBe('replaced');
    expect(await store.readCheckpoint()).toBeNull();
    expect(await store.listRooms()).toEqual([]);
    expect(await redis.keys(`${livePrefix}:room:*`)).toEqual([]);
  });

  it('resynchronises when its keyspace is wiped underneath it, and converges to the rebuild', async () => {
    const livePrefix = `${prefix}:b`;
    const projector = openProjector(await openStore(livePrefix), 'b');
    await projector.start();
    let target = await head();
    await waitUntil(() => projector.status().position >= target, 'caught up');
    const keys = await redis.keys(`${livePrefix}:*`);
    await redis.del(...keys);
    await writeWorkload(db, 106, 12);
    target = await head();
    await waitUntil(() => projector.status().position >= target && projector.status().resyncs > 0, `resynced ${JSON.stringify(projector.status())}`);
    await projector.stop();
    await rebuildReadModels({ sql: db.sql, store: await openStore(`${prefix}:rebuilt2`), streamMaxLen: 100 });
    for (const room of WORKLOAD_ROOMS) {
      expect(await readRoomKeyspace(redis, livePrefix, room.tenantId, room.roomId)).toEqual(await readRoomKeyspace(redis, `${prefix}:rebuilt2`, room.tenantId, room.roomId));
    }
  });
});

describe('projector without Redis', () => {
  let db: TestDatabase;
  let transport: EventTransport;

  beforeAll(async () => {
    db = await createTestDatabase();
    transport = createEventTransport({ sql: db.sql, pollMs: 100 });
  });

  afterAll(async () => {
    await transport?.close();
    await db?.drop();
  });

  it('folds every room in memory, equal to folding the whole log', async () => {
    const store = createMemoryRoomStore();
    const projector = createProjector({ transport, store, logger, pollMs: 50, startCursor: 0, consumerName: 'mem' });
    await projector.start();
    await writeWorkload(db, 0, 45);
    const target = Number((await db.sql<{ max: number }[]>`select max(sequence) as max from events`)[0]!.max);
    await waitUntil(() => projector.status().position >= target, 'caught up');
    await projector.stop();
    const log: EventEnvelope[] = await readEventsAfter(db.sql, { after: 0, limit: 1000 });
    const expected = new Map<string, ReturnType<typeof createRoomProjection>>();
    for (const event of log) {
      const key = JSON.stringify([event.tenantId, event.roomId]);
      if (!expected.has(key)) expected.set(key, createRoomProjection(event.tenantId, event.roomId));
      foldRoomEvent(expected.get(key)!, event);
    }
    expect(store.snapshot()).toEqual(expected);
  });
});
