import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEventHandler } from 'h3';
import { assignRequestId, getRequestId, sendData, sendError, sendRawJson } from '../src/index';
import { CafeError } from '@cafe/shared';
import { createTestApp, serveApp, type ServedApp, readEnvelope } from './helpers/serve';

let served: ServedApp;

beforeAll(async () => {
  const app = createTestApp();
  app.use(
    '/id',
    defineEventHandler((event) => {
      const assigned = assignRequestId(event);
      return sendData(event, { assigned, again: getRequestId(event) });
    }),
  );
  app.use(
    '/late',
    // No middleware assigned an id: the error path must still produce one and echo it.
    defineEventHandler((event) => sendError(event, new CafeError('ERR_NOT_FOUND', undefined, { correlationId: 'corr-1' }))),
  );
  app.use('/raw', defineEventHandler((event) => sendRawJson(event, { ok: true, service: 's' }, 200)));
  served = await serveApp(app);
});

afterAll(() => served.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('reuses a non-blank incoming x-request-id, trimmed', async () => {
    const res = await fetch(`${served.baseUrl}/id`, { headers: { 'x-request-id': '  my-id-1 ' } });
    expect(res.headers.get('x-request-id')).toBe('my-id-1');
    expect((await readEnvelope(res)).data).toEqual({ assigned: 'my-id-1', again: 'my-id-1' });
  });

  it('mints a UUID v4 when the header is missing or blank', async () => {
    for (const headers of [{}, { 'x-request-id': '   ' }] as Record<string, string>[]) {
      const res = await fetch(`${served.baseUrl}/id`, { headers });
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(UUID);
      expect((await readEnvelope(res)).data.assigned).toBe(id);
    }
  });

  it('caps absurdly long incoming ids', async () => {
    const res = await fetch(`${served.baseUrl}/id`, { headers: { 'x-request-id': 'r'.repeat(1000) } });
    expect(res.headers.get('x-request-id')).toHaveLength(200);
  });
});

describe('responses', () => {
  it('renders errors as the envelope with the echoed request id and x-correlation-id', async () => {
    const res = await fetch(`${served.baseUrl}/late`, { headers: { 'x-request-id': 'late-1' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toBe('late-1');
    expect(res.headers.get('x-correlation-id')).toBe('corr-1');
    expect(await readEnvelope(res)).toEqual({
      ok: false,
      error: { code: 'ERR_NOT_FOUND', message: 'Resource not found', details: { correlationId: 'corr-1' }, requestId: 'late-1' },
    });
  });

  it('sends shaped bodies as JSON without an envelope', async () => {
    const res = await fetch(`${served.baseUrl}/raw`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await readEnvelope(res)).toEqual({ ok: true, service: 's' });
  });
});
