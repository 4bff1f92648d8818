import { parseOriginList } from '@cafe/http';

/**
 * Outside production, with API_CORS_ALLOW_ORIGINS empty, the operator console at its default
 * address (realtime on 3851) may call the API. Production allows no origin unless configured:
 * the contract has no CORS on the API, so browsers elsewhere stay same-origin or proxied.
 */
export const CONSOLE_DEV_ORIGINS = ['http://127.0.0.1:3851', 'http://localhost:3851'];

/** The allow-list: the configured comma-separated origins, else the console's dev origins (none in production). */
export function resolveApiCorsOrigins(configured: string | undefined, nodeEnv: string): string[] {
  const list = parseOriginList(configured);
  if (list.length > 0) return list;
  return nodeEnv === 'production' ? [] : CONSOLE_DEV_ORIGINS;
}

/**
 * What an allowed origin may send and read: the token headers, idempotency keys and JSON
 * bodies of the routes the console calls. Allowing the auth headers here is what lets a
 * browser present a token without putting it in a URL.
 */
export function apiCorsHeadersFor(origin: string): Record<string, string> {
  return {
    vary: 'Origin',
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET,POST,PATCH,DELETE,OPTIONS',
    'access-control-allow-headers': 'content-type,authorization,x-api-key,idempotency-key,x-correlation-id,last-event-id',
    'access-control-expose-headers': 'x-request-id,x-correlation-id,retry-after',
    'access-control-max-age': '600',
  };
}

/** A CORS preflight: OPTIONS naming the method it wants to send. */
export function isPreflight(method: string, requestMethodHeader: string | undefined): boolean {
  return method === 'OPTIONS' && Boolean(requestMethodHeader);
}
