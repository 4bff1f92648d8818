import { defineNitroPlugin } from 'nitropack/runtime';
import { loadEnvOrExit, parseRealtimeEnv } from '@cafe/shared';
import { startRealtimeRuntime } from '../../src/runtime';

export default defineNitroPlugin((nitroApp) => {
  const runtime = startRealtimeRuntime(loadEnvOrExit(parseRealtimeEnv));
  runtime.logger.info('realtime starting', { port: runtime.env.REALTIME_PORT, postgres: runtime.env.CAFE_POSTGRES_MODE });
  nitroApp.hooks.hook('close', () => runtime.db.close());
});
