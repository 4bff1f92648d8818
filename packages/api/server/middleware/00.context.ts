import { defineEventHandler, getRequestHeader, sendNoContent } from 'h3';
import { applyCorsHeaders, assertContentLengthWithin, assignRequestId, enforceRateLimit } from '@cafe/http';
import { apiCorsHeadersFor, isPreflight } from '../../src/cors/cors-policy';
import { useApiRuntime } from '../../src/runtime';

/**
 * First for every request: request id, access log, CORS for the allowed browser origins (so
 * even a 401 or 429 is readable there; their preflight ends here with 204), rate limit (before
 * auth and routing, /healthz included, spec README §5) and the declared body size.
 */
export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const requestId = assignRequestId(event);
  const startedAt = performance.now();
  const log = runtime.logger.child({ requestId });
  event.context.log = log;
  // winston formats a line before its transport drops it by level: skip the access log's
  // listener and record entirely when `http` lines are off (LOG_LEVEL above http).
  if (log.isLevelEnabled('http')) {
    event.node.res.once('finish', () => {
      log.http('request', {
        method: event.method,
        path: event.path.split('?')[0],
        status: event.node.res.statusCode,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        correlationId: event.node.res.getHeader('x-correlation-id') ?? getRequestHeader(event, 'x-correlation-id') ?? null,
      });
    });
  }
  const corsAllowed = applyCorsHeaders(event, runtime.corsOrigins, apiCorsHeadersFor);
  if (corsAllowed && isPreflight(event.method, getRequestHeader(event, 'access-control-request-method'))) return sendNoContent(event, 204);
  await enforceRateLimit(event, runtime.limiter, runtime.env.API_RATE_LIMIT_PER_MIN, runtime.trustsProxy);
  assertContentLengthWithin(event, runtime.env.API_MAX_BODY_BYTES);
});
