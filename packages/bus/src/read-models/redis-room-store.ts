import type { Redis } from 'ioredis';
import type { EventEnvelope, RoomProjection } from '@cafe/shared';
import { decodeProjection, encodeProjection } from './projection-codec';
import { getCheckpointKey, getRoomIndexKey, getRoomKeys, PROJECTOR_ROOM_KEY_SUFFIXES } from './keyspace';
import type { FlushResult, RoomFlush, RoomModelStore } from './room-store';
import { resolvePresenceTtl, toCompactActor, toRoomStreamFields, toSnapshotView, toStateView } from './room-views';

export interface RedisRoomStoreOptions {
  /** A client used only by this store: WATCH/MULTI need their own connection. */
  redis: Redis;
  prefix: string;
  /** PROJECTOR_REDIS_STREAM_MAXLEN (floored at 100). */
  streamMaxLen: number;
  /** PROJECTOR_REDIS_PRESENCE_TTL_SECONDS (floor 10; ≤ 0 disables). */
  presenceTtlSeconds: number;
}

const roomIndexMember = (tenantId: string, roomId: string) => JSON.stringify([tenantId, roomId]);

/** Queues one room's keys on a MULTI: overwrite state/snapshot/projection, rewrite presence/chat/orders. */
function queueRoom(multi: ReturnType<Redis['multi']>, options: RedisRoomStoreOptions, state: RoomProjection, events: EventEnvelope[]): void {
  const keys = getRoomKeys(options.prefix, state.tenantId, state.roomId);
  multi.set(keys.state, JSON.stringify(toStateView(state)));
  multi.set(keys.snapshot, JSON.stringify(toSnapshotView(state)));
  multi.set(keys.projection, encodeProjection(state));
  multi.del(keys.presence);
  if (state.actors.size > 0) {
    const fields: string[] = [];
    for (const actor of state.actors.values()) fields.push(actor.actorId, JSON.stringify(toCompactActor(actor)));
    multi.hset(keys.presence, ...fields);
    const ttl = resolvePresenceTtl(options.presenceTtlSeconds);
    if (ttl !== null) multi.expire(keys.presence, ttl);
  }
  multi.del(keys.chat);
  if (state.chat.length > 0) multi.rpush(keys.chat, ...state.chat.map((entry) => JSON.stringify(entry)));
  multi.del(keys.orders);
  if (state.orders.length > 0) multi.rpush(keys.orders, ...state.orders.map((entry) => JSON.stringify(entry)));
  const maxLen = Math.max(100, options.streamMaxLen);
  for (const event of events) {
    multi.xadd(keys.stream, 'MAXLEN', '~', maxLen, `${event.sequence}-0`, ...toRoomStreamFields(event));
  }
  multi.sadd(getRoomIndexKey(options.prefix), roomIndexMember(state.tenantId, state.roomId));
}

/**
 * The room read models in Redis (docs/transport.md#projector). A flush is one MULTI guarded by a
 * WATCH on the checkpoint, so read models, stream entries and checkpoint move together and a
 * wiped or rebuilt keyspace is detected instead of being half-overwritten.
 */
export function createRedisRoomStore(options: RedisRoomStoreOptions): RoomModelStore {
  const { redis, prefix } = options;
  const checkpointKey = getCheckpointKey(prefix);
  const parseCheckpoint = (value: string | null) => (value === null ? null : Number(value));

  return {
    kind: 'redis',
    async readCheckpoint() {
      return parseCheckpoint(await redis.get(checkpointKey));
    },
    async loadRoom(tenantId, roomId) {
      const text = await redis.get(getRoomKeys(prefix, tenantId, roomId).projection);
      return text === null ? null : decodeProjection(text);
    },
    async flush(flush: RoomFlush): Promise<FlushResult> {
      await redis.watch(checkpointKey);
      try {
        const found = parseCheckpoint(await redis.get(checkpointKey));
        if (found !== flush.expectedCheckpoint) {
          await redis.unwatch();
          return { ok: false, reason: 'conflict', found };
        }
        const multi = redis.multi();
        const byRoom = new Map<string, EventEnvelope[]>();
        for (const event of flush.events) {
          const key = roomIndexMember(event.tenantId, event.roomId);
          byRoom.set(key, [...(byRoom.get(key) ?? []), event]);
        }
        for (const room of flush.rooms) queueRoom(multi, options, room, byRoom.get(roomIndexMember(room.tenantId, room.roomId)) ?? []);
        multi.set(checkpointKey, String(flush.checkpoint));
        const results = await multi.exec();
        if (results === null) return { ok: false, reason: 'conflict', found: parseCheckpoint(await redis.get(checkpointKey)) };
        for (const [error] of results) {
          // A stream entry that already exists is a harmless replay; anything else is real.
          if (error && !/equal or smaller than the target stream top/i.test(error.message)) throw error;
        }
        return { ok: true };
      } catch (error) {
        await redis.unwatch().catch(() => {});
        throw error;
      }
    },
    async listRooms() {
      const members = await redis.smembers(getRoomIndexKey(prefix));
      return members.map((member) => {
        const [tenantId, roomId] = JSON.parse(member) as [string, string];
        return { tenantId, roomId };
      });
    },
    async clear() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:room:*`, 'COUNT', 500);
        cursor = next;
        const ours = keys.filter((key) => PROJECTOR_ROOM_KEY_SUFFIXES.some((suffix) => key.endsWith(suffix)) && !key.endsWith(':inbox:unread'));
        if (ours.length > 0) await redis.del(...ours);
      } while (cursor !== '0');
      await redis.del(getRoomIndexKey(prefix), getCheckpointKey(prefix));
    },
    async close() {
      redis.disconnect();
    },
  };
}
