import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoomProjection, foldRoomEvent, type EventEnvelope } from '@cafe/shared';
import { getTestRedisUrl, isRedisReachable, uniqueRedisPrefix } from '@cafe/testkit';
import { createRedisClient, readRoomKeyspace, waitForRedisReady } from '../src/index';
import { createRedisRoomStore } from '../src/read-models/redis-room-store';
import { makeRoomEvent } from './helpers/room-events';
import type { Redis } from 'ioredis';

const redisUrl = getTestRedisUrl();
const reachable = await isRedisReachable(redisUrl);

describe.skipIf(!reachable)('Redis room store', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = createRedisClient(redisUrl!, { name: 'room-store-test' });
    await waitForRedisReady(redis, 5000);
  });
  afterAll(() => redis?.disconnect());

  it('partial flushes keep the chat and order lists equal to the fold, past their bounds', async () => {
    const prefix = uniqueRedisPrefix('roomstore');
    const store = createRedisRoomStore({ redis, prefix, streamMaxLen: 100, presenceTtlSeconds: 30 });
    // Only chat (i % 11 === 3) and orders (i % 11 === 4) of one room, 400 of them: well past 100 and 50.
    const sameRoom = (i: number) => makeRoomEvent(i).roomId === makeRoomEvent(3).roomId && makeRoomEvent(i).tenantId === makeRoomEvent(3).tenantId;
    const indexes = Array.from({ length: 6000 }, (_, i) => i).filter((i) => (i % 11 === 3 || i % 11 === 4) && sameRoom(i));
    const events: EventEnvelope[] = indexes.slice(0, 400).map((i, n) => ({ ...makeRoomEvent(i), sequence: n + 1 }));
    const { tenantId, roomId } = events[0]!;
    const room = createRoomProjection(tenantId, roomId);
    let checkpoint: number | null = null;
    for (let from = 0; from < events.length; from += 7) {
      const batch = events.slice(from, from + 7);
      for (const event of batch) foldRoomEvent(room, event);
      const whole = from === 0;
      const next = batch.at(-1)!.sequence;
      const result = await store.flush({
        rooms: whole ? [room] : [],
        partialRooms: whole ? [] : [{ room, actorIds: [] }],
        events: batch,
        checkpoint: next,
        resumeFrom: 1,
        expectedCheckpoint: checkpoint,
      });
      expect(result.ok).toBe(true);
      checkpoint = next;
    }
    expect(room.chat.length).toBe(100);
    expect(room.orders.length).toBe(50);
    const stored = await readRoomKeyspace(redis, prefix, tenantId, roomId);
    expect(stored.chat).toEqual(room.chat);
    expect(stored.orders).toEqual(room.orders);
    await store.clear();
  });
});
