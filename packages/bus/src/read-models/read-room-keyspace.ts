import type { Redis } from 'ioredis';
import { getRoomKeys } from './keyspace';

export interface RoomKeyspaceDump {
  state: unknown;
  snapshot: unknown;
  projection: unknown;
  /** Presence hash as actorId → parsed value, keys sorted. */
  presence: Record<string, unknown>;
  chat: unknown[];
  orders: unknown[];
  /** The newest `streamTail` stream entries as [id, event JSON], oldest first. */
  streamTail: Array<[string, string]>;
}

const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));

/**
 * Reads one room's read models in a comparable form (tests and the rebuild check compare a live
 * keyspace with a rebuilt one). TTLs are left out; stream trimming is approximate, so only the
 * newest `streamTail` entries are compared.
 */
export async function readRoomKeyspace(redis: Redis, prefix: string, tenantId: string, roomId: string, streamTail = 100): Promise<RoomKeyspaceDump> {
  const keys = getRoomKeys(prefix, tenantId, roomId);
  const [state, snapshot, projection, presence, chat, orders, stream] = await Promise.all([
    redis.get(keys.state),
    redis.get(keys.snapshot),
    redis.get(keys.projection),
    redis.hgetall(keys.presence),
    redis.lrange(keys.chat, 0, -1),
    redis.lrange(keys.orders, 0, -1),
    redis.xrevrange(keys.stream, '+', '-', 'COUNT', streamTail),
  ]);
  const sortedPresence: Record<string, unknown> = {};
  for (const field of Object.keys(presence).sort()) sortedPresence[field] = JSON.parse(presence[field]!);
  return {
    state: parse(state),
    snapshot: parse(snapshot),
    projection: parse(projection),
    presence: sortedPresence,
    chat: chat.map((entry) => JSON.parse(entry) as unknown),
    orders: orders.map((entry) => JSON.parse(entry) as unknown),
    streamTail: stream.reverse().map(([id, fields]) => [id, fields[fields.indexOf('event') + 1] ?? ''] as [string, string]),
  };
}
