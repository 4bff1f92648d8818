import { defineNitroPlugin } from 'nitropack/runtime';
import { loadEnvOrExit, parseRealtimeEnv } from '@cafe/shared';
import { startRealtimeRuntime } from '../../src/runtime';

export default defineNitroPlugin((nitroApp) => {
  const runtime = startRealtimeRuntime(loadEnvOrExit(parseRealtimeEnv));
  runtime.logger.info('realtime starting', {
    port: runtime.env.REALTIME_PORT,
    postgres: runtime.env.CAFE_POSTGRES_MODE,
    transport: runtime.env.REDIS_URL ? 'redis' : 'postgres',
  });
  // Open SSE streams would hold the graceful shutdown until its timeout: end them at the
  // signal, clients reconnect elsewhere with their Last-Event-ID.
  const endStreams = () => runtime.fanout.closeAll();
  process.once('SIGTERM', endStreams);
  process.once('SIGINT', endStreams);
  nitroApp.hooks.hook('close', () => runtime.close());
});
