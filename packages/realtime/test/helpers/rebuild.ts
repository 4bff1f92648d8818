import type { Redis } from 'ioredis';
import type { Sql } from '@cafe/db';
import { createRedisClient, createRedisRoomStore, waitForRedisReady } from '@cafe/bus';
import { rebuildReadModels } from '../../../projector/src/rebuild';
import { readRooms } from '../../../projector/test/helpers/compare';

/** Rebuilds the read models from the log under `prefix` and reads the given rooms back. */
export async function readRebuiltRooms(sql: Sql, redis: Redis, prefix: string, rooms: Array<{ tenantId: string; roomId: string }>) {
  const client = createRedisClient(`redis://127.0.0.1:${redis.options.port}`, { name: 'test-rebuild' });
  try {
    await waitForRedisReady(client, 5000);
    const store = createRedisRoomStore({ redis: client, prefix, streamMaxLen: 5000, presenceTtlSeconds: 60 });
    await rebuildReadModels({ sql, store, streamMaxLen: 5000 });
    return await readRooms(redis, prefix, rooms);
  } finally {
    client.disconnect();
  }
}
