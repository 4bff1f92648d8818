import { defineNitroPlugin } from 'nitropack/runtime';
import { loadEnvOrExit, parseProjectorEnv } from '@cafe/shared';
import { startProjectorRuntime } from '../../src/runtime';

export default defineNitroPlugin((nitroApp) => {
  const runtime = startProjectorRuntime(loadEnvOrExit(parseProjectorEnv));
  runtime.logger.info('projector starting', {
    port: runtime.env.PROJECTOR_PORT,
    postgres: runtime.env.CAFE_POSTGRES_MODE,
    transport: runtime.env.REDIS_URL ? 'redis' : 'postgres',
  });
  // Flush what is pending and leave the consumer group cleanly before the pool closes.
  nitroApp.hooks.hook('close', () => runtime.close());
});
