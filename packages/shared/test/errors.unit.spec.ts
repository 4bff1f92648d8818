import { describe, expect, it } from 'vitest';
import { CafeError, ERROR_CATALOGUE, createCafeError, createUnauthorizedError, isCafeError } from '../src/index';

describe('error catalogue', () => {
  it('maps every code of docs/errors.md to its HTTP status', () => {
    const statuses = Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, entry]) => [code, entry.status]));
    expect(statuses).toEqual({
      ERR_VALIDATION: 400,
      ERR_MISSING_FIELD: 400,
      ERR_INVALID_ENUM: 400,
      ERR_INVALID_DIRECTION: 400,
      ERR_INVALID_URL: 400,
      ERR_INVALID_COLOR: 400,
      ERR_UNKNOWN_TABLE: 400,
      ERR_OUT_OF_BOUNDS: 400,
      ERR_NOT_FOUND: 404,
      ERR_PAYMENT_REQUIRED: 402,
      ERR_IDEMPOTENCY_KEY_REQUIRED: 400,
      ERR_IDEMPOTENCY_KEY_CONFLICT: 409,
      ERR_RATE_LIMITED: 429,
      ERR_FORBIDDEN: 403,
      ERR_PLAN_FEATURE_DISABLED: 403,
      ERR_OPERATOR_OVERRIDE_BLOCKED: 423,
      ERR_MODERATION_BLOCKED: 429,
      ERR_UNSUPPORTED_ACTION: 404,
      ERR_CONFLICT: 409,
      ERR_PAYLOAD_TOO_LARGE: 413,
      ERR_INTERNAL: 500,
    });
  });

  it('keeps the default messages clients see', () => {
    expect(ERROR_CATALOGUE.ERR_VALIDATION.message).toBe('Validation failed');
    expect(ERROR_CATALOGUE.ERR_IDEMPOTENCY_KEY_REQUIRED.message).toBe('Idempotency-Key header is required for mutating requests');
    expect(ERROR_CATALOGUE.ERR_IDEMPOTENCY_KEY_CONFLICT.message).toBe('Idempotency key was reused with a different request payload');
    expect(ERROR_CATALOGUE.ERR_MODERATION_BLOCKED.message).toBe('Moderation policy blocked action');
    expect(ERROR_CATALOGUE.ERR_UNSUPPORTED_ACTION.message).toBe('Unsupported action');
  });
});

describe('CafeError', () => {
  it('takes status and message from the catalogue unless given', () => {
    const error = createCafeError('ERR_NOT_FOUND');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'ERR_NOT_FOUND', status: 404, message: 'Resource not found', details: {} });
    const custom = new CafeError('ERR_CONFLICT', 'Cannot handoff a completed task', { taskId: 't1' });
    expect(custom).toMatchObject({ status: 409, message: 'Cannot handoff a completed task', details: { taskId: 't1' } });
  });

  it('uses ERR_FORBIDDEN on HTTP 401 for authentication failures', () => {
    const error = createUnauthorizedError('token');
    expect(error).toMatchObject({
      code: 'ERR_FORBIDDEN',
      status: 401,
      message: 'Unauthorized',
      details: { auth: { header: 'x-api-key', query: 'token' } },
    });
  });

  it('is recognised across bundle copies by shape, but not for unknown codes', () => {
    expect(isCafeError(new CafeError('ERR_VALIDATION'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { name: 'CafeError', code: 'ERR_NOT_FOUND', status: 404, details: {} });
    expect(isCafeError(foreign)).toBe(true);
    expect(isCafeError({ name: 'CafeError', code: 'ERR_MADE_UP' })).toBe(false);
    expect(isCafeError(new Error('plain'))).toBe(false);
    expect(isCafeError(null)).toBe(false);
    expect(isCafeError('ERR_VALIDATION')).toBe(false);
  });
});
