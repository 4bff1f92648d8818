import { hash, timingSafeEqual } from 'node:crypto';
import { getQuery, type H3Event } from 'h3';
import { readRequestHeader } from './request-header';

/**
 * The token a request presents, first non-empty source wins (docs/http.md#authentication): `x-api-key`,
 * then `Authorization: Bearer`, then the query parameter.
 */
export function getPresentedToken(event: H3Event, queryParam: string): string | undefined {
  const header = readRequestHeader(event, 'x-api-key')?.trim();
  if (header) return header;
  const authorization = readRequestHeader(event, 'authorization')?.trim();
  const bearer = authorization?.match(/^bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return bearer;
  const query = getQuery(event)[queryParam];
  const value = Array.isArray(query) ? query[0] : query;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Digests of the expected secrets (the configured tokens, a handful), hashed once: every
 * request is compared against them. Looked up by the configured value, never the presented one.
 */
const expectedDigests = new Map<string, Buffer>();
const MAX_REMEMBERED_SECRETS = 16;

function digestOf(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/** Compares two secrets in constant time (hashing first so lengths do not leak). */
export function secretsEqual(presented: string, expected: string): boolean {
  let expectedDigest = expectedDigests.get(expected);
  if (!expectedDigest) {
    expectedDigest = digestOf(expected);
    if (expectedDigests.size < MAX_REMEMBERED_SECRETS) expectedDigests.set(expected, expectedDigest);
  }
  return timingSafeEqual(digestOf(presented), expectedDigest);
}
