import { defineEventHandler } from 'h3';
import { assignRequestId } from '@cafe/http';
import { useProjectorRuntime } from '../../src/runtime';

/** Request id and access log for every request. */
export default defineEventHandler((event) => {
  const log = useProjectorRuntime().logger.child({ requestId: assignRequestId(event) });
  const startedAt = performance.now();
  event.node.res.once('finish', () => {
    log.http('request', {
      method: event.method,
      path: event.path.split('?')[0],
      status: event.node.res.statusCode,
      durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
    });
  });
});
