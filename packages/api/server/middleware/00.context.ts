import { defineEventHandler, sendNoContent } from 'h3';
import { applyCorsHeaders, assertContentLengthWithin, assignRequestId, enforceRateLimit, logEachRequest, readRequestHeader } from '@cafe/http';
import { apiCorsHeadersFor, isPreflight } from '../../src/cors/cors-policy';
import { useApiRuntime } from '../../src/runtime';

/**
 * First for every request: request id, access log, CORS for the allowed browser origins (so
 * even a 401 or 429 is readable there; their preflight ends here with 204), rate limit (before
 * auth and routing, /healthz included, docs/http.md#rate-limits) and the declared body size.
 */
export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const requestId = assignRequestId(event);
  logEachRequest(event, runtime.logger, requestId);
  const corsAllowed = applyCorsHeaders(event, runtime.corsOrigins, apiCorsHeadersFor);
  if (corsAllowed && isPreflight(event.method, readRequestHeader(event, 'access-control-request-method'))) return sendNoContent(event, 204);
  await enforceRateLimit(event, runtime.limiter, runtime.env.API_RATE_LIMIT_PER_MIN, runtime.trustsProxy);
  assertContentLengthWithin(event, runtime.env.API_MAX_BODY_BYTES);
});
