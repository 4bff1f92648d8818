import { randomUUID } from 'node:crypto';
import { setResponseHeader, type H3Event } from 'h3';
import { readRequestHeader } from './request-header';

/**
 * Reuses a non-blank incoming `x-request-id` (trimmed) or mints a UUID, stores it on the
 * event and echoes it on the response (docs/http.md#request-and-correlation-ids).
 */
export function assignRequestId(event: H3Event): string {
  const incoming = readRequestHeader(event, 'x-request-id')?.trim();
  const requestId = incoming ? incoming.slice(0, 200) : randomUUID();
  event.context.requestId = requestId;
  setResponseHeader(event, 'x-request-id', requestId);
  return requestId;
}

/** The request id assigned to this event (assigning one if middleware has not yet). */
export function getRequestId(event: H3Event): string {
  return (event.context.requestId as string | undefined) ?? assignRequestId(event);
}
