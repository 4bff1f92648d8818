import { describe, expect, it } from 'vitest';
import { CafeError, normalizeError, statusForCode, toErrorEnvelope, toSuccessEnvelope } from '../src/index';

describe('envelopes', () => {
  it('wraps data as { ok: true, data }', () => {
    expect(toSuccessEnvelope({ tasks: [], count: 0 })).toEqual({ ok: true, data: { tasks: [], count: 0 } });
  });

  it('renders an error with code, message, details and the request id', () => {
    const error = new CafeError('ERR_MISSING_FIELD', 'Missing required field: actorId', { field: 'actorId' });
    expect(toErrorEnvelope(error, 'req-1')).toEqual({
      ok: false,
      error: {
        code: 'ERR_MISSING_FIELD',
        message: 'Missing required field: actorId',
        details: { field: 'actorId' },
        requestId: 'req-1',
      },
    });
  });

  it('always carries a details object', () => {
    expect(toErrorEnvelope(new CafeError('ERR_NOT_FOUND'), 'r').error.details).toEqual({});
  });

  it('looks statuses up by code', () => {
    expect(statusForCode('ERR_PAYLOAD_TOO_LARGE')).toBe(413);
    expect(statusForCode('ERR_OPERATOR_OVERRIDE_BLOCKED')).toBe(423);
  });
});

describe('normalizeError', () => {
  it('passes domain errors through unchanged', () => {
    const error = new CafeError('ERR_RATE_LIMITED', undefined, { limit: 1 });
    expect(normalizeError(error)).toBe(error);
  });

  it('turns a JSON SyntaxError into 400 ERR_VALIDATION "Invalid JSON body" with the parser message', () => {
    let thrown: unknown;
    try {
      JSON.parse('{oops');
    } catch (error) {
      thrown = error;
    }
    const normalized = normalizeError(thrown);
    expect(normalized).toMatchObject({ code: 'ERR_VALIDATION', status: 400, message: 'Invalid JSON body' });
    expect(normalized.details.cause).toBe((thrown as Error).message);
  });

  it('turns anything else into 500 ERR_INTERNAL "Unexpected server error" with the cause', () => {
    expect(normalizeError(new Error('boom'))).toMatchObject({
      code: 'ERR_INTERNAL',
      status: 500,
      message: 'Unexpected server error',
      details: { cause: 'boom' },
    });
    expect(normalizeError('text thrown').details).toEqual({ cause: 'text thrown' });
  });
});
