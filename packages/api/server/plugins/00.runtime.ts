import { defineNitroPlugin } from 'nitropack/runtime';
import { loadEnvOrExit, parseApiEnv } from '@cafe/shared';
import { startApiRuntime } from '../../src/runtime';

export default defineNitroPlugin((nitroApp) => {
  const runtime = startApiRuntime(loadEnvOrExit(parseApiEnv));
  runtime.logger.info('api starting', {
    port: runtime.env.API_PORT,
    auth: runtime.env.API_AUTH_TOKEN ? 'token' : 'open',
    postgres: runtime.env.CAFE_POSTGRES_MODE,
  });
  nitroApp.hooks.hook('close', async () => {
    await runtime.db.close();
  });
});
