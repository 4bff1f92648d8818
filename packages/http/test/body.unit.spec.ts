import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEventHandler } from 'h3';
import { readJsonObjectBody, sendData, sendError } from '../src/index';
import { createTestApp, postChunked, serveApp, type ServedApp, readEnvelope } from './helpers/serve';

const MAX_BYTES = 1024;
let served: ServedApp;

beforeAll(async () => {
  const app = createTestApp();
  app.use(
    '/echo',
    defineEventHandler(async (event) => {
      try {
        const body = await readJsonObjectBody(event, MAX_BYTES);
        // A second read must come from the cache, not the (consumed) stream.
        const again = await readJsonObjectBody(event, MAX_BYTES);
        return sendData(event, { body, same: body === again });
      } catch (error) {
        return sendError(event, error);
      }
    }),
  );
  served = await serveApp(app);
});

afterAll(() => served.close());

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${served.baseUrl}/echo`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('readJsonObjectBody', () => {
  it('answers deep nesting and text Postgres cannot store with 400 ERR_VALIDATION, not a crash', async () => {
    const deep = await post(`{"m":${'['.repeat(400)}${']'.repeat(400)}}`);
    expect(deep.status).toBe(400);
    expect((await readEnvelope(deep)).error).toMatchObject({ code: 'ERR_VALIDATION', details: { maxDepth: 64 } });
    const nul = await post('{"actorId":"a\\u0000b"}');
    expect(nul.status).toBe(400);
    expect((await readEnvelope(nul)).error).toMatchObject({ code: 'ERR_VALIDATION', details: { field: 'actorId' } });
  });

  it('reads an empty body as {}', async () => {
    const res = await post('');
    expect(res.status).toBe(200);
    expect(await readEnvelope(res)).toEqual({ ok: true, data: { body: {}, same: true } });
  });

  it('reads a whitespace-only body as {}', async () => {
    expect((await readEnvelope(await post('  \n '))).data.body).toEqual({});
  });

  it('returns the parsed object, cached for later readers', async () => {
    const res = await post(JSON.stringify({ actorId: 'a', nested: { x: 1 } }));
    expect(await readEnvelope(res)).toEqual({ ok: true, data: { body: { actorId: 'a', nested: { x: 1 } }, same: true } });
  });

  it('answers invalid JSON with 400 ERR_VALIDATION "Invalid JSON body" and the parser message in details.cause', async () => {
    const res = await post('{"actorId": ');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await readEnvelope(res);
    expect(body.ok).toBe(false);
    expect(body.error).toMatchObject({ code: 'ERR_VALIDATION', message: 'Invalid JSON body' });
    expect(typeof body.error.details.cause).toBe('string');
    expect(String(body.error.details.cause).length).toBeGreaterThan(0);
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it.each([
    ['an array', '[1,2]'],
    ['a string', '"hello"'],
    ['a number', '42'],
    ['null', 'null'],
    ['a boolean', 'true'],
  ])('answers %s with 400 "Request body must be a JSON object"', async (_label, raw) => {
    const res = await post(raw);
    expect(res.status).toBe(400);
    const body = await readEnvelope(res);
    expect(body.error).toMatchObject({ code: 'ERR_VALIDATION', message: 'Request body must be a JSON object' });
  });

  it('answers a declared content-length over the limit with 413 ERR_PAYLOAD_TOO_LARGE and details.maxBytes', async () => {
    const res = await post(JSON.stringify({ text: 'x'.repeat(MAX_BYTES * 2) }));
    expect(res.status).toBe(413);
    const body = await readEnvelope(res);
    expect(body.error).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE', details: { maxBytes: MAX_BYTES } });
  });

  it('accepts a body of exactly the limit', async () => {
    const text = 'y'.repeat(MAX_BYTES - '{"t":""}'.length);
    const res = await post(JSON.stringify({ t: text }));
    expect(res.status).toBe(200);
  });

  it('answers a chunked body that grows over the limit with 413 while streaming', async () => {
    const chunks = [Buffer.from('{"text":"'), ...Array.from({ length: 12 }, () => Buffer.from('z'.repeat(200))), Buffer.from('"}')];
    const res = await postChunked(served.port, '/echo', chunks);
    expect(res.headers['content-length']).toBeDefined();
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE', details: { maxBytes: MAX_BYTES } });
  });

  it('reads a chunked body under the limit', async () => {
    const res = await postChunked(served.port, '/echo', [Buffer.from('{"a":'), Buffer.from('1}')]);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).data.body).toEqual({ a: 1 });
  });

  it('still serves the next request after a 413', async () => {
    await post('x'.repeat(MAX_BYTES * 3));
    const res = await post('{"after":true}');
    expect(res.status).toBe(200);
  });
});
