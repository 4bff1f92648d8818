import type { Redis } from 'ioredis';
import { PROJECTION_LIMITS, type EventEnvelope, type RoomProjection } from '@cafe/shared';
import { decodeProjection, encodeProjection } from './projection-codec';
import { getCheckpointKey, getIdentityKey, getResumeKey, getRoomIndexKey, getRoomKeys, PROJECTOR_ROOM_KEY_SUFFIXES, type RoomKeys } from './keyspace';
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

type Multi = ReturnType<Redis['multi']>;

/** The room's chat and orders lists rewritten (at most 100 and 50 entries), and its stream entries. */
function queueListsAndStream(multi: Multi, options: RedisRoomStoreOptions, keys: RoomKeys, state: RoomProjection, events: EventEnvelope[]): void {
  multi.del(keys.chat);
  if (state.chat.length > 0) multi.rpush(keys.chat, ...state.chat.map((entry) => JSON.stringify(entry)));
  multi.del(keys.orders);
  if (state.orders.length > 0) multi.rpush(keys.orders, ...state.orders.map((entry) => JSON.stringify(entry)));
  queueStream(multi, options, keys, state, events);
}

/**
 * Only the chat and order entries `events` added, pushed and trimmed to the same bounds. The
 * fold only ever adds to both lists and drops their oldest entries, so the list in Redis
 * (as of the checkpoint this flush is guarded on) plus these, trimmed, is the whole list again,
 * without rewriting a hundred entries for every flush of a busy room.
 */
function queueNewListEntriesAndStream(multi: Multi, options: RedisRoomStoreOptions, keys: RoomKeys, state: RoomProjection, events: EventEnvelope[]): void {
  const added = new Set(events.map((event) => event.eventId));
  // Both lists are newest first: the new entries lead the fold's list, and LPUSH puts its
  // last argument first, so they go oldest first.
  const pushNew = (key: string, entries: readonly { eventId: string }[], limit: number) => {
    const fresh = entries.filter((entry) => added.has(entry.eventId));
    if (fresh.length === 0) return;
    multi.lpush(key, ...fresh.reverse().map((entry) => JSON.stringify(entry)));
    multi.ltrim(key, 0, limit - 1);
  };
  pushNew(keys.chat, state.chat, PROJECTION_LIMITS.chat);
  pushNew(keys.orders, state.orders, PROJECTION_LIMITS.orders);
  queueStream(multi, options, keys, state, events);
}

/** The room's stream entries for `events`, and the room in the room index. */
function queueStream(multi: Multi, options: RedisRoomStoreOptions, keys: RoomKeys, state: RoomProjection, events: EventEnvelope[]): void {
  const maxLen = Math.max(100, options.streamMaxLen);
  for (const event of events) {
    multi.xadd(keys.stream, 'MAXLEN', '~', maxLen, `${event.sequence}-0`, ...toRoomStreamFields(event));
  }
  multi.sadd(getRoomIndexKey(options.prefix), roomIndexMember(state.tenantId, state.roomId));
}

/** Queues one room rewritten whole: state, snapshot, fold state, presence, lists, stream. Returns the bytes of its two large values. */
function queueRoom(multi: Multi, options: RedisRoomStoreOptions, state: RoomProjection, events: EventEnvelope[]): number {
  const keys = getRoomKeys(options.prefix, state.tenantId, state.roomId);
  const snapshot = JSON.stringify(toSnapshotView(state));
  const projection = encodeProjection(state);
  multi.set(keys.state, JSON.stringify(toStateView(state)));
  multi.set(keys.snapshot, snapshot);
  multi.set(keys.projection, projection);
  multi.del(keys.presence);
  if (state.actors.size > 0) {
    const fields: string[] = [];
    for (const actor of state.actors.values()) fields.push(actor.actorId, JSON.stringify(toCompactActor(actor)));
    multi.hset(keys.presence, ...fields);
    const ttl = resolvePresenceTtl(options.presenceTtlSeconds);
    if (ttl !== null) multi.expire(keys.presence, ttl);
  }
  queueListsAndStream(multi, options, keys, state, events);
  return snapshot.length + projection.length;
}

/** Queues one room written in part: state counters, the presence entries of `actorIds`, new list entries, stream. */
function queuePartialRoom(multi: Multi, options: RedisRoomStoreOptions, state: RoomProjection, actorIds: string[], events: EventEnvelope[]): void {
  const keys = getRoomKeys(options.prefix, state.tenantId, state.roomId);
  multi.set(keys.state, JSON.stringify(toStateView(state)));
  const fields: string[] = [];
  const gone: string[] = [];
  for (const actorId of actorIds) {
    const actor = state.actors.get(actorId);
    if (actor) fields.push(actorId, JSON.stringify(toCompactActor(actor)));
    else gone.push(actorId);
  }
  if (gone.length > 0) multi.hdel(keys.presence, ...gone);
  if (fields.length > 0) multi.hset(keys.presence, ...fields);
  const ttl = resolvePresenceTtl(options.presenceTtlSeconds);
  if (ttl !== null && state.actors.size > 0) multi.expire(keys.presence, ttl);
  queueNewListEntriesAndStream(multi, options, keys, state, events);
}

/**
 * The room read models in Redis (docs/transport.md#projector). A flush is one MULTI guarded by a
 * WATCH on the checkpoint, so read models, stream entries and checkpoint move together and a
 * wiped or rebuilt keyspace is detected instead of being half-overwritten.
 */
export function createRedisRoomStore(options: RedisRoomStoreOptions): RoomModelStore {
  const { redis, prefix } = options;
  const checkpointKey = getCheckpointKey(prefix);
  const resumeKey = getResumeKey(prefix);
  const parseCheckpoint = (value: string | null) => (value === null ? null : Number(value));
  const ttl = resolvePresenceTtl(options.presenceTtlSeconds);

  return {
    kind: 'redis',
    async claim(identity) {
      const identityKey = getIdentityKey(prefix);
      const stamped = await redis.get(identityKey);
      if (stamped === identity) return 'ours';
      // A keyspace written before identities existed has a checkpoint but no stamp: that one is
      // adopted as it is; a stamp of another database means its read models are not ours.
      if (stamped !== null) await this.clear();
      await redis.set(identityKey, identity);
      return stamped === null ? 'claimed' : 'replaced';
    },
    async readCheckpoint() {
      return parseCheckpoint(await redis.get(checkpointKey));
    },
    async readResumePosition() {
      // A keyspace written before resume positions existed resumes at its checkpoint.
      const [resume, checkpoint] = await redis.mget(resumeKey, checkpointKey);
      return parseCheckpoint(resume ?? checkpoint ?? null);
    },
    // Half the presence TTL: a room quiet for longer may have lost its presence hash, and only a
    // whole write puts every actor back.
    maxPartialAgeMs: ttl === null ? Number.POSITIVE_INFINITY : (ttl * 1000) / 2,
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
          const list = byRoom.get(key);
          if (list) list.push(event);
          else byRoom.set(key, [event]);
        }
        const fullBytes = new Map<string, number>();
        for (const room of flush.rooms) {
          const member = roomIndexMember(room.tenantId, room.roomId);
          fullBytes.set(member, queueRoom(multi, options, room, byRoom.get(member) ?? []));
        }
        for (const { room, actorIds } of flush.partialRooms ?? []) {
          queuePartialRoom(multi, options, room, actorIds, byRoom.get(roomIndexMember(room.tenantId, room.roomId)) ?? []);
        }
        multi.set(checkpointKey, String(flush.checkpoint));
        multi.set(resumeKey, String(flush.resumeFrom ?? flush.checkpoint));
        const results = await multi.exec();
        if (results === null) return { ok: false, reason: 'conflict', found: parseCheckpoint(await redis.get(checkpointKey)) };
        for (const [error] of results) {
          // A stream entry that already exists is a harmless replay; anything else is real.
          if (error && !/equal or smaller than the target stream top/i.test(error.message)) throw error;
        }
        return { ok: true, fullBytes };
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
      await redis.del(getRoomIndexKey(prefix), checkpointKey, resumeKey, getIdentityKey(prefix));
    },
    async close() {
      redis.disconnect();
    },
  };
}
