import { defineEventHandler, sendNoContent } from 'h3';
import { applyCorsHeaders } from '@cafe/http';
import { corsHeadersFor } from '../../src/http/cors-policy';
import { requestPath } from '../../src/http/request-context';
import { useFlexRuntime } from '../../src/runtime';

/**
 * docs/flex-registry.md#auth-cors-headers-logs, before auth so browsers can read a 401/403. An allowed origin gets
 * the CORS headers; a preflight (`OPTIONS`) under `/api/` ends here with 204.
 */
export default defineEventHandler((event) => {
  if (!requestPath(event).startsWith('/api/')) return;
  applyCorsHeaders(event, useFlexRuntime().allowedOrigins, corsHeadersFor);
  if (event.method === 'OPTIONS') return sendNoContent(event, 204);
});
