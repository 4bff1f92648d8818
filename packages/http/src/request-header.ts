import type { H3Event } from 'h3';

/**
 * One request header, as h3's `getRequestHeader` answers it (a repeated header's values joined
 * with `, `), without its copy of every header into a new object on each call: the middleware
 * reads five or six headers of every request.
 */
export function readRequestHeader(event: H3Event, name: string): string | undefined {
  const value = event.node.req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.filter(Boolean).join(', ') : value;
}
