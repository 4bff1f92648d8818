import { createError, type H3Error } from 'h3';
import type { FlattenedIssues } from '@cafe/shared';

/**
 * Errors of the registry keep Nitro's default body (docs/flex-registry.md#validation-errors):
 * `{ error, url, statusCode, statusMessage, message, data }`.
 */

/** 400 for a registration that fails validation (`data` = the flattened issues). */
export function invalidRegistrationError(issues: FlattenedIssues): H3Error<FlattenedIssues> {
  return createError({ statusCode: 400, statusMessage: 'Invalid capability registration payload', data: issues });
}

/** 400 for a list query that fails validation. */
export function invalidQueryError(issues: FlattenedIssues): H3Error<FlattenedIssues> {
  return createError({ statusCode: 400, statusMessage: 'Invalid capability query', data: issues });
}

/** 413 for a body over the limit; nothing of it is parsed. */
export function payloadTooLargeError(maxBytes: number): H3Error<{ maxBytes: number }> {
  return createError({ statusCode: 413, statusMessage: 'Request body too large', data: { maxBytes } });
}

/** 404 for an unknown capability id. */
export function capabilityNotFoundError(capabilityId: string): H3Error<{ capabilityId: string }> {
  return createError({ statusCode: 404, statusMessage: 'Capability not found', data: { capabilityId } });
}

/** 503 when the process has no database to keep the registry in. */
export function databaseUnavailableError(): H3Error {
  return createError({ statusCode: 503, statusMessage: 'Registry database not configured' });
}
