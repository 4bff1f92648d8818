/** The error catalogue of docs/errors.md: one entry per wire code. */
export const ERROR_CATALOGUE = {
  ERR_VALIDATION: { status: 400, message: 'Validation failed' },
  ERR_MISSING_FIELD: { status: 400, message: 'Required field missing' },
  ERR_INVALID_ENUM: { status: 400, message: 'Invalid enum value' },
  ERR_INVALID_DIRECTION: { status: 400, message: 'Invalid direction' },
  ERR_INVALID_URL: { status: 400, message: 'Invalid URL' },
  ERR_INVALID_COLOR: { status: 400, message: 'Invalid color value' },
  ERR_UNKNOWN_TABLE: { status: 400, message: 'Unknown table id' },
  ERR_OUT_OF_BOUNDS: { status: 400, message: 'Value out of bounds' },
  ERR_NOT_FOUND: { status: 404, message: 'Resource not found' },
  ERR_PAYMENT_REQUIRED: { status: 402, message: 'Payment required' },
  ERR_IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    message: 'Idempotency-Key header is required for mutating requests',
  },
  ERR_IDEMPOTENCY_KEY_CONFLICT: {
    status: 409,
    message: 'Idempotency key was reused with a different request payload',
  },
  ERR_RATE_LIMITED: { status: 429, message: 'Rate limit exceeded' },
  ERR_FORBIDDEN: { status: 403, message: 'Forbidden' },
  ERR_PLAN_FEATURE_DISABLED: { status: 403, message: 'Plan feature disabled' },
  ERR_OPERATOR_OVERRIDE_BLOCKED: { status: 423, message: 'Blocked by operator override' },
  ERR_MODERATION_BLOCKED: { status: 429, message: 'Moderation policy blocked action' },
  ERR_UNSUPPORTED_ACTION: { status: 404, message: 'Unsupported action' },
  ERR_CONFLICT: { status: 409, message: 'Conflict' },
  ERR_PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body too large' },
  ERR_INTERNAL: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export type ErrorDetails = Record<string, unknown>;

/** A failure that maps to one catalogue code; thrown by domain code, rendered by the HTTP layer. */
export class CafeError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message?: string, details: ErrorDetails = {}, status?: number) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'CafeError';
    this.code = code;
    this.status = status ?? ERROR_CATALOGUE[code].status;
    this.details = details;
  }
}

/** Builds a CafeError with the catalogue's default message unless one is given. */
export function createCafeError(
  code: ErrorCode,
  message?: string,
  details: ErrorDetails = {},
): CafeError {
  return new CafeError(code, message, details);
}

/** True when the value is a CafeError (also across bundle copies of this module). */
export function isCafeError(value: unknown): value is CafeError {
  return (
    value instanceof CafeError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'CafeError' &&
      typeof (value as { code?: unknown }).code === 'string' &&
      (value as { code: string }).code in ERROR_CATALOGUE)
  );
}

/** Authentication failures keep ERR_FORBIDDEN on HTTP 401 (docs/errors.md). */
export function createUnauthorizedError(queryParam: string): CafeError {
  return new CafeError(
    'ERR_FORBIDDEN',
    'Unauthorized',
    { auth: { header: 'x-api-key', query: queryParam } },
    401,
  );
}
