import type { Redis } from 'ioredis';
import type { Sql } from '@cafe/db';
import type { Logger } from '@cafe/shared';

/**
 * Redis unread counters of docs/events.md#inbox-items: hash `{prefix}:room:{tenant}:{room}:inbox:unread`,
 * field = recipient. Best effort: the durable count in Postgres is the truth; a Redis failure
 * never fails a request, it is logged and surfaces as `projectedUnreadCount: null`.
 */
export interface UnreadCounters {
  enabled: boolean;
  reason: string | null;
  adjust(tenantId: string, roomId: string, actorId: string, delta: number): Promise<void>;
  read(tenantId: string, roomId: string, actorId: string): Promise<number | null>;
  /** Sets every counter to its durable unread count (start-up). */
  rebuild(sql: Sql): Promise<number>;
}

const hashKey = (prefix: string, tenantId: string, roomId: string) => `${prefix}:room:${tenantId}:${roomId}:inbox:unread`;

/** Counters that report why they are off (no Redis configured). */
export function createDisabledUnreadCounters(reason: string): UnreadCounters {
  return {
    enabled: false,
    reason,
    adjust: async () => {},
    read: async () => null,
    rebuild: async () => 0,
  };
}

/** Counters on a Redis connection. */
export function createRedisUnreadCounters(redis: Redis, prefix: string, logger: Logger): UnreadCounters {
  return {
    enabled: true,
    reason: null,
    async adjust(tenantId, roomId, actorId, delta) {
      if (delta === 0) return;
      try {
        const key = hashKey(prefix, tenantId, roomId);
        const value = await redis.hincrby(key, actorId, delta);
        if (value < 0) await redis.hset(key, actorId, '0');
      } catch (error) {
        logger.warn('unread counter update failed', { tenantId, roomId, actorId, error: (error as Error).message });
      }
    },
    async read(tenantId, roomId, actorId) {
      try {
        const value = await redis.hget(hashKey(prefix, tenantId, roomId), actorId);
        return value === null ? 0 : Number(value);
      } catch {
        return null;
      }
    },
    async rebuild(sql) {
      const rows = await sql<{ tenant_id: string; room_id: string; actor_id: string; unread: number }[]>`
        select tenant_id, room_id, actor_id, count(*) filter (where acked_at is null)::int as unread
          from inbox_items group by tenant_id, room_id, actor_id`;
      if (rows.length === 0) return 0;
      const pipeline = redis.pipeline();
      for (const row of rows) pipeline.hset(hashKey(prefix, row.tenant_id, row.room_id), row.actor_id, String(row.unread));
      await pipeline.exec();
      return rows.length;
    },
  };
}
