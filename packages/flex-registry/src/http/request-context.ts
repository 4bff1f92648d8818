import { randomUUID } from 'node:crypto';
import { getRequestHeader, type H3Event } from 'h3';

/** docs/flex-registry.md#auth-cors-headers-logs: incoming `x-correlation-id`, else `x-request-id`, else a new UUID. */
export function resolveCorrelationId(event: H3Event): string {
  for (const name of ['x-correlation-id', 'x-request-id']) {
    const value = getRequestHeader(event, name)?.trim();
    if (value) return value.slice(0, 128);
  }
  return randomUUID();
}

/** The client address for logs: the first `x-forwarded-for` entry, else the socket's. */
export function resolveClientIp(event: H3Event): string | undefined {
  const forwarded = getRequestHeader(event, 'x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || event.node.req.socket.remoteAddress;
}

/** The request path without its query string. */
export function requestPath(event: H3Event): string {
  return event.path.split('?')[0] || '/';
}
