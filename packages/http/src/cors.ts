import { setResponseHeaders, type H3Event } from 'h3';
import { readRequestHeader } from './request-header';

/** A comma-separated origin allow-list as configured (trimmed, blanks dropped); `*` means any origin. */
export function parseOriginList(configured: string | undefined): string[] {
  return (configured ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
}

/** True when the request's Origin may read responses; `*` in the list allows any origin. */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): origin is string {
  if (!origin) return false;
  return allowed.includes('*') || allowed.includes(origin);
}

/**
 * Sets `headersFor(origin)` when the request comes from an allowed origin and reports whether
 * it did. Other origins get no CORS headers at all, so the browser keeps them out.
 */
export function applyCorsHeaders(event: H3Event, allowed: readonly string[], headersFor: (origin: string) => Record<string, string>): boolean {
  const origin = readRequestHeader(event, 'origin');
  if (!isOriginAllowed(origin, allowed)) return false;
  setResponseHeaders(event, headersFor(origin));
  return true;
}
