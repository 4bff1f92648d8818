import { createError, defineEventHandler, getRequestHeader, setResponseHeader } from 'h3';
import { decideAuth } from '../../src/http/auth-policy';
import { requestPath } from '../../src/http/request-context';
import { useFlexRuntime } from '../../src/runtime';

/** docs/flex-registry.md#auth-cors-headers-logs: Bearer FLEX_API_KEY on `/api/` (GET /api/v1/health and OPTIONS exempt). */
export default defineEventHandler((event) => {
  const decision = decideAuth(
    { method: event.method, path: requestPath(event), authorization: getRequestHeader(event, 'authorization') },
    useFlexRuntime().env.FLEX_API_KEY,
  );
  if (decision.kind === 'allow') return;
  if (decision.statusCode === 401) setResponseHeader(event, 'www-authenticate', 'Bearer');
  throw createError({ statusCode: decision.statusCode, statusMessage: decision.statusMessage });
});
