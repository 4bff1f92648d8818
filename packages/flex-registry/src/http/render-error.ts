import { getRequestURL, send, setResponseHeaders, setResponseStatus, type H3Error, type H3Event } from 'h3';
import type { Logger } from '@cafe/shared';

/**
 * Nitro's default JSON error body (docs/flex-registry.md#validation-errors): `{ error, url, statusCode, statusMessage,
 * message, data }`, with the HTTP reason phrase set to `statusMessage`. Unexpected failures
 * become `Server Error` with no data; they are logged through the service logger rather than
 * printed to the console.
 */
export function renderFlexError(error: H3Error, event: H3Event, logger: Logger) {
  if (event.node.res.headersSent) {
    event.node.res.end();
    return;
  }
  const sensitive = Boolean(error.unhandled || error.fatal);
  const statusCode = error.statusCode || 500;
  const statusMessage = error.statusMessage || 'Server Error';
  const url = getRequestURL(event, { xForwardedHost: true, xForwardedProto: true });
  if (sensitive) {
    const cause = error.cause instanceof Error ? error.cause : error;
    logger.error('request_failed', { cid: event.context.cid, method: event.method, path: url.pathname, error: cause.message, stack: cause.stack });
  }
  const body = {
    error: true,
    url: url.href,
    statusCode,
    statusMessage,
    message: sensitive ? 'Server Error' : error.message,
    data: sensitive ? undefined : error.data,
  };
  setResponseHeaders(event, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  setResponseStatus(event, statusCode, statusMessage);
  return send(event, JSON.stringify(body));
}
