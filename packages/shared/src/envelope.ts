import { CafeError, ERROR_CATALOGUE, isCafeError, type ErrorCode } from './errors';

export interface SuccessEnvelope<T> {
  ok: true;
  data: T;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
  requestId: string;
}

export interface ErrorEnvelope {
  ok: false;
  error: ErrorBody;
}

/** Wraps endpoint data in the success envelope `{ ok: true, data }`. */
export function toSuccessEnvelope<T>(data: T): SuccessEnvelope<T> {
  return { ok: true, data };
}

/** Renders a CafeError as the error envelope of docs/http.md#envelope. */
export function toErrorEnvelope(error: CafeError, requestId: string): ErrorEnvelope {
  return {
    ok: false,
    error: { code: error.code, message: error.message, details: error.details, requestId },
  };
}

/**
 * Maps anything thrown to a CafeError: domain errors pass through, parser errors become
 * ERR_VALIDATION, everything else ERR_INTERNAL with the cause kept in details.
 */
export function normalizeError(error: unknown): CafeError {
  if (isCafeError(error)) return error;
  if (error instanceof SyntaxError) {
    return new CafeError('ERR_VALIDATION', 'Invalid JSON body', { cause: error.message });
  }
  const cause = error instanceof Error ? error.message : String(error);
  return new CafeError('ERR_INTERNAL', 'Unexpected server error', { cause });
}

/** HTTP status for a code when no error instance is at hand. */
export function statusForCode(code: ErrorCode): number {
  return ERROR_CATALOGUE[code].status;
}
