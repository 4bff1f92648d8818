import { createHash, timingSafeEqual } from 'node:crypto';
import { getQuery, getRequestHeader, type H3Event } from 'h3';

/**
 * The token a request presents, first non-empty source wins (docs/http.md#authentication): `x-api-key`,
 * then `Authorization: Bearer`, then the query parameter.
 */
export function getPresentedToken(event: H3Event, queryParam: string): string | undefined {
  const header = getRequestHeader(event, 'x-api-key')?.trim();
  if (header) return header;
  const authorization = getRequestHeader(event, 'authorization')?.trim();
  const bearer = authorization?.match(/^bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return bearer;
  const query = getQuery(event)[queryParam];
  const value = Array.isArray(query) ? query[0] : query;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Compares two secrets in constant time (hashing first so lengths do not leak). */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
