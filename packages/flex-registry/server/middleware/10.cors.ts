import { defineEventHandler, getRequestHeader, sendNoContent, setResponseHeaders } from 'h3';
import { corsHeadersFor, isOriginAllowed } from '../../src/http/cors-policy';
import { requestPath } from '../../src/http/request-context';
import { useFlexRuntime } from '../../src/runtime';

/**
 * Spec §8.3, before auth (its Decision) so browsers can read a 401/403. An allowed origin gets
 * the CORS headers; a preflight (`OPTIONS`) under `/api/` ends here with 204.
 */
export default defineEventHandler((event) => {
  if (!requestPath(event).startsWith('/api/')) return;
  const origin = getRequestHeader(event, 'origin');
  if (isOriginAllowed(origin, useFlexRuntime().allowedOrigins)) setResponseHeaders(event, corsHeadersFor(origin));
  if (event.method === 'OPTIONS') return sendNoContent(event, 204);
});
