import { send, type H3Error, type H3Event } from 'h3';
import { CafeError, isCafeError } from '@cafe/shared';
import { sendError } from './respond';

interface LoggerLike {
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/** Walks `cause` links to the CafeError a route threw (h3 wraps thrown values in H3Error). */
function findCafeError(error: unknown): CafeError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (isCafeError(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps whatever reached Nitro's error handler to the Cafe envelope: domain errors as thrown,
 * an unmatched route as 404 ERR_UNSUPPORTED_ACTION, anything else as a logged 500.
 */
export function toCafeError(error: H3Error, event: H3Event, logger?: LoggerLike): CafeError {
  const cafe = findCafeError(error);
  if (cafe) return cafe;
  const path = event.path.split('?')[0];
  if (error.statusCode === 404 || error.statusCode === 405) {
    return new CafeError('ERR_UNSUPPORTED_ACTION', 'Route not found', { method: event.method, path });
  }
  if (error.statusCode === 413) {
    return new CafeError('ERR_PAYLOAD_TOO_LARGE', error.statusMessage || undefined, {});
  }
  if (error.statusCode >= 400 && error.statusCode < 500) {
    return new CafeError('ERR_VALIDATION', error.statusMessage || error.message, {});
  }
  const cause = error.cause instanceof Error ? error.cause : error;
  logger?.error('unhandled error', { path, method: event.method, error: cause.message, stack: cause.stack });
  return new CafeError('ERR_INTERNAL', 'Unexpected server error', { cause: cause.message });
}

/** The last resort when rendering the envelope itself failed: a bare 500 that cannot throw. */
function sendBareInternalError(event: H3Event): void {
  const res = event.node.res;
  try {
    if (!res.headersSent) {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
    }
    res.end(JSON.stringify({ ok: false, error: { code: 'ERR_INTERNAL', message: 'Unexpected server error', details: {}, requestId: null } }));
  } catch {
    res.destroy();
  }
}

/**
 * Nitro error handler body shared by the apps that speak the Cafe envelope. It never throws:
 * a handler that throws leaves the socket without an answer, so any failure while rendering
 * the envelope falls back to a bare 500.
 */
export function renderNitroError(error: H3Error, event: H3Event, logger?: LoggerLike) {
  if (event.node.res.headersSent) {
    event.node.res.end();
    return;
  }
  try {
    return send(event, sendError(event, toCafeError(error, event, logger)));
  } catch (renderError) {
    logger?.error('error response failed', { path: event.path.split('?')[0], error: (renderError as Error).message });
    sendBareInternalError(event);
  }
}
