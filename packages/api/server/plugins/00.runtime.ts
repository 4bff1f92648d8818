import { defineNitroPlugin } from 'nitropack/runtime';
import { loadEnvOrExit, parseApiEnv } from '@cafe/shared';
import { startApiRuntime } from '../../src/runtime';
import { findStartupProblem } from '../../src/startup-check';
import { peekApiStreams } from '../../src/streams/api-streams';
import { closeApiTransport } from '../../src/transport';

export default defineNitroPlugin((nitroApp) => {
  const env = loadEnvOrExit(parseApiEnv);
  const problem = findStartupProblem(env);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  const runtime = startApiRuntime(env);
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
  // Open SSE streams would hold the graceful shutdown until its timeout: end them at the
  // signal, clients resume elsewhere with their Last-Event-ID.
  const endStreams = () => peekApiStreams()?.closeAll();
  process.once('SIGTERM', endStreams);
  process.once('SIGINT', endStreams);
  nitroApp.hooks.hook('close', async () => {
    endStreams();
    await closeApiTransport();
    runtime.redis?.disconnect();
    await runtime.db.close();
  });
});
