import { STATUS_CODES } from 'node:http';
import { setResponseHeader, setResponseStatus, type H3Event } from 'h3';
import { CafeError, normalizeError, toErrorEnvelope, toSuccessEnvelope } from '@cafe/shared';
import { getRequestId } from './request-id';
import { isSafeHeaderValue } from './storable-input';

/** Sets the JSON headers every Cafe API response carries (docs/http.md#envelope). */
export function setJsonHeaders(event: H3Event): void {
  setResponseHeader(event, 'content-type', 'application/json; charset=utf-8');
  setResponseHeader(event, 'cache-control', 'no-store');
}

/** Sends `{ ok: true, data }` with the given status. */
export function sendData<T>(event: H3Event, data: T, status = 200): string {
  setResponseStatus(event, status);
  setJsonHeaders(event);
  return JSON.stringify(toSuccessEnvelope(data));
}

/** Sends an already-shaped JSON body (health routes, idempotent replays). */
export function sendRawJson(event: H3Event, body: unknown, status = 200): string {
  setResponseStatus(event, status);
  setJsonHeaders(event);
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * Echoes a correlation id in `x-correlation-id`. Ids are validated as printable ASCII on the way
 * in; one that is not (a record stored before that rule) is left out of the header rather than
 * letting Node's header check turn a committed answer into a 500.
 */
export function setCorrelationIdHeader(event: H3Event, correlationId: string): void {
  if (isSafeHeaderValue(correlationId)) setResponseHeader(event, 'x-correlation-id', correlationId);
}

/** Renders any thrown value as the error envelope; never the framework's own body. */
export function sendError(event: H3Event, error: unknown): string {
  const cafeError: CafeError = normalizeError(error);
  const correlationId = cafeError.details.correlationId;
  if (typeof correlationId === 'string') setCorrelationIdHeader(event, correlationId);
  setResponseStatus(event, cafeError.status, STATUS_CODES[cafeError.status]);
  setJsonHeaders(event);
  return JSON.stringify(toErrorEnvelope(cafeError, getRequestId(event)));
}
