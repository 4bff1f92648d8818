import { parseOriginList } from '@cafe/http';

/** Origins allowed outside production when CORS_ALLOW_ORIGINS is empty (docs/flex-registry.md#auth-cors-headers-logs). */
export const DEV_DEFAULT_ORIGINS = ['http://localhost:3000', 'http://localhost:5173', 'http://127.0.0.1:5173'];

/** The allow-list: the configured comma-separated origins, else the dev defaults (none in production). */
export function resolveAllowedOrigins(configured: string | undefined, nodeEnv: string): string[] {
  const list = parseOriginList(configured);
  if (list.length > 0) return list;
  return nodeEnv === 'production' ? [] : DEV_DEFAULT_ORIGINS;
}

/** The headers sent to an allowed origin (docs/flex-registry.md#auth-cors-headers-logs). */
export function corsHeadersFor(origin: string): Record<string, string> {
  return {
    vary: 'Origin',
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET,POST,OPTIONS',
    'access-control-allow-headers': 'content-type,authorization,x-correlation-id',
    'access-control-max-age': '600',
  };
}
