import { defineNitroPlugin } from 'nitropack/runtime';
import { loadEnvOrExit, parseFlexEnv } from '@cafe/shared';
import { startFlexRuntime } from '../../src/runtime';

export default defineNitroPlugin((nitroApp) => {
  const runtime = startFlexRuntime(loadEnvOrExit(parseFlexEnv));
  runtime.logger.info('flex registry starting', { port: runtime.env.FLEX_SERVER_PORT, postgres: runtime.env.CAFE_POSTGRES_MODE });
  nitroApp.hooks.hook('close', () => runtime.db.close());
});
