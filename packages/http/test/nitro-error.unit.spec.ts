import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createError, createRouter, defineEventHandler, readBody, type H3Error } from 'h3';
import { CafeError } from '@cafe/shared';
import { assignRequestId, renderNitroError } from '../src/index';
import { serveApp, type ServedApp } from './helpers/serve';

const logged: Array<Record<string, unknown> | undefined> = [];
const logger = { error: (_message: string, meta?: Record<string, unknown>) => void logged.push(meta) };
let served: ServedApp;

beforeAll(async () => {
  // Like Nitro: the error handler gets whatever a handler threw (h3 wraps it in an H3Error).
  const app = createApp({ onError: (error, event) => renderNitroError(error as H3Error, event, logger) });
  app.use(defineEventHandler((event) => void assignRequestId(event)));
  const router = createRouter()
    .get('/domain', defineEventHandler(() => {
      throw new CafeError('ERR_OUT_OF_BOUNDS', 'Text too long', { field: 'text', max: 120 });
    }))
    .get('/boom', defineEventHandler(() => {
      throw new Error('database exploded');
    }))
    .get('/h3-400', defineEventHandler(() => {
      throw createError({ statusCode: 400, statusMessage: 'Bad thing' });
    }))
    // A correlation id no header can carry (stored before ids were validated, or echoed from a failure).
    .get('/bad-correlation', defineEventHandler(() => {
      throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: actorId', { field: 'actorId', correlationId: 'caf\u00e9-\ud83d\ude00\u0007' });
    }))
    // Details the envelope cannot serialise: rendering itself fails.
    .get('/unrenderable', defineEventHandler(() => {
      throw new CafeError('ERR_VALIDATION', 'Bad', { value: 10n });
    }))
    .get('/h3-413', defineEventHandler(() => {
      throw createError({ statusCode: 413, statusMessage: 'Too big' });
    }))
    // h3's own JSON reader throws its own error for invalid JSON: it must still be an envelope.
    .post('/h3-body', defineEventHandler(async (event) => ({ body: await readBody(event) })));
  app.use(router);
  served = await serveApp(app);
});

afterAll(() => served.close());

async function get(path: string, init?: RequestInit) {
  const res = await fetch(`${served.baseUrl}${path}`, init);
  const text = await res.text();
  return { res, body: JSON.parse(text) };
}

describe('renderNitroError', () => {
  it('renders an unknown route as 404 ERR_UNSUPPORTED_ACTION "Route not found" with method and path', async () => {
    const { res, body } = await get('/nope/x?y=1', { headers: { 'x-request-id': 'rid-404' } });
    expect(res.status).toBe(404);
    expect(body).toEqual({
      ok: false,
      error: { code: 'ERR_UNSUPPORTED_ACTION', message: 'Route not found', details: { method: 'GET', path: '/nope/x' }, requestId: 'rid-404' },
    });
  });

  it('renders a thrown domain error as itself', async () => {
    const { res, body } = await get('/domain');
    expect(res.status).toBe(400);
    expect(body.error).toMatchObject({ code: 'ERR_OUT_OF_BOUNDS', message: 'Text too long', details: { field: 'text', max: 120 } });
  });

  it('renders an unexpected error as 500 ERR_INTERNAL with the cause, and logs it', async () => {
    logged.length = 0;
    const { res, body } = await get('/boom');
    expect(res.status).toBe(500);
    expect(body.error).toMatchObject({ code: 'ERR_INTERNAL', message: 'Unexpected server error', details: { cause: 'database exploded' } });
    expect(logged.at(-1)).toMatchObject({ path: '/boom', error: 'database exploded' });
  });

  it('maps framework 4xx errors into the catalogue', async () => {
    expect((await get('/h3-400')).body.error).toMatchObject({ code: 'ERR_VALIDATION', message: 'Bad thing' });
    const big = await get('/h3-413');
    expect(big.res.status).toBe(413);
    expect(big.body.error.code).toBe('ERR_PAYLOAD_TOO_LARGE');
  });

  it('never leaks the framework error body', async () => {
    const { res, body } = await get('/h3-body', { method: 'POST', body: '{bad', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('ERR_VALIDATION');
    expect(body).not.toHaveProperty('statusCode');
    expect(body).not.toHaveProperty('url');
  });

  it('answers a failure whose correlation id cannot be a header, leaving the header out', async () => {
    const { res, body } = await get('/bad-correlation', { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-correlation-id')).toBeNull();
    expect(body.error).toMatchObject({ code: 'ERR_MISSING_FIELD', details: { correlationId: 'caf\u00e9-\ud83d\ude00\u0007' } });
  });

  it('falls back to a bare 500 envelope when the envelope itself cannot be rendered, never a hung socket', async () => {
    const { res, body } = await get('/unrenderable', { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(body).toMatchObject({ ok: false, error: { code: 'ERR_INTERNAL', message: 'Unexpected server error' } });
  });
});
