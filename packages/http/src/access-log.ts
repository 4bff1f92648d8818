import type { H3Event } from 'h3';
import { readRequestHeader } from './request-header';
import type { Logger } from '@cafe/shared';

/** The fields of the one line logged per request. */
export interface AccessLogLine {
  requestId: string;
  /** The trace the request opened (response header), else the one the client sent, else null. */
  correlationId: string | null;
  method: string;
  /** The route pattern that served the request (`/v1/profiles/:actorId`), else the path. */
  route: string;
  path: string;
  status: number;
  durationMs: number;
}

/** Builds the access line of a finished request; `startedAt` is its `performance.now()` at arrival. */
export function accessLogLine(event: H3Event, requestId: string, startedAt: number): AccessLogLine {
  const path = event.path.split('?')[0]!;
  const correlationId = event.node.res.getHeader('x-correlation-id') ?? readRequestHeader(event, 'x-correlation-id') ?? null;
  const matched = (event.context.matchedRoute as { path?: string } | undefined)?.path;
  return {
    requestId,
    correlationId: correlationId === null ? null : String(correlationId),
    method: event.method,
    route: matched ?? path,
    path,
    status: event.node.res.statusCode,
    durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
  };
}

/**
 * Logs one `request` line at `info` when the response has been sent: request id, correlation
 * id, route, status and duration. With `LOG_FORMAT=json` (the default) that is one JSON object
 * per request, ready for a log pipeline.
 */
export function logEachRequest(event: H3Event, log: Logger, requestId: string): void {
  // winston formats a line before its transport drops it by level: when request lines are
  // off (LOG_LEVEL=warn and above) skip the listener and the record entirely.
  if (!log.isLevelEnabled('info')) return;
  const startedAt = performance.now();
  event.node.res.once('finish', () => log.info('request', accessLogLine(event, requestId, startedAt)));
}
