import type { ErrorCode, ErrorDetails } from '@cafe/shared';

/** The error envelope of the API as an exception: branch on `code` (see docs/errors.md). */
export class CafeApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetails;
  readonly requestId: string | null;

  constructor(status: number, error: { code: ErrorCode; message: string; details?: ErrorDetails; requestId?: string }) {
    super(error.message);
    this.name = 'CafeApiError';
    this.code = error.code;
    this.status = status;
    this.details = error.details ?? {};
    this.requestId = error.requestId ?? null;
  }
}

/** True when the answer is worth retrying with the same idempotency key. */
export function isRetryable(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}
