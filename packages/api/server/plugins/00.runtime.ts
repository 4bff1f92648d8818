import { defineNitroPlugin } from 'nitropack/runtime';
import { loadEnvOrExit, parseApiEnv } from '@cafe/shared';
import { startApiRuntime } from '../../src/runtime';
import { closeApiTransport } from '../../src/transport';

export default defineNitroPlugin((nitroApp) => {
  const runtime = startApiRuntime(loadEnvOrExit(parseApiEnv));
  runtime.logger.info('api starting', {
    port: runtime.env.API_PORT,
    auth: runtime.env.API_AUTH_TOKEN ? 'token' : 'open',
    postgres: runtime.env.CAFE_POSTGRES_MODE,
  });
  if (runtime.db.sql && runtime.unread.enabled) {
    const sql = runtime.db.sql;
    void runtime.db.ready
      .then(() => runtime.unread.rebuild(sql))
      .then((counters) => runtime.logger.info('inbox unread counters rebuilt', { counters }))
      .catch((error: Error) => runtime.logger.warn('inbox unread counter rebuild failed', { error: error.message }));
  }
  nitroApp.hooks.hook('close', async () => {
    await closeApiTransport();
    runtime.redis?.disconnect();
    await runtime.db.close();
  });
});
