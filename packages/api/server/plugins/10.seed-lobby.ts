import { defineNitroPlugin } from 'nitropack/runtime';
import { getDefaults } from '../../src/deps';
import { seedDefaultRoom } from '../../src/rooms/seed-default-room';
import { useApiRuntime } from '../../src/runtime';

/**
 * Seeds the default lobby once migrations are done (docs/http.md#tenants-and-rooms). Best effort and off the
 * start-up path: a failure is logged and bootstrap seeds again when a tenant has no rooms.
 */
export default defineNitroPlugin(() => {
  const runtime = useApiRuntime();
  const { sql } = runtime.db;
  if (!sql) return;
  void (async () => {
    await runtime.db.ready;
    const result = await seedDefaultRoom(sql, getDefaults(runtime), runtime.unread);
    if (result.kind === 'created') runtime.logger.info('default lobby seeded', { tenantId: result.room.tenantId, roomId: result.room.roomId });
  })().catch((error: Error) => runtime.logger.warn('default lobby seed failed', { error: error.message }));
});
