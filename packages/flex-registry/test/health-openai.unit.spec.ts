import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeOpenAi } from '../src/health-openai';

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/ok') {
        const { model } = JSON.parse(body) as { model: string };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model, choices: [{ message: { content: 'pong' } }] }));
      } else if (req.url === '/denied') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad key"}');
      } else {
        res.writeHead(200).end('not json');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('OpenAI probe (docs/flex-registry.md#health)', () => {
  it('without a key: the documented not-configured body', async () => {
    expect(await probeOpenAi({ apiKey: undefined, model: 'gpt-4o' })).toEqual({ ok: false, configured: false, error: 'FLEX_OPENAI_API_KEY not set' });
  });

  it('with a key: the reply of a tiny call', async () => {
    const result = await probeOpenAi({ apiKey: 'k', model: 'gpt-4o', url: `${baseUrl}/ok` });
    expect(result).toMatchObject({ ok: true, configured: true, model: 'gpt-4o', reply: 'pong' });
  });

  it('reports failures instead of throwing: refused, non-2xx, odd body', async () => {
    expect(await probeOpenAi({ apiKey: 'k', model: 'm', url: `${baseUrl}/denied` })).toMatchObject({ ok: false, configured: true, model: 'm', error: expect.stringContaining('HTTP 401') });
    expect(await probeOpenAi({ apiKey: 'k', model: 'm', url: `${baseUrl}/odd` })).toMatchObject({ ok: false, configured: true });
    const refused = await probeOpenAi({ apiKey: 'k', model: 'm', url: 'http://127.0.0.1:1/v1/chat/completions', timeoutMs: 2000 });
    expect(refused).toMatchObject({ ok: false, configured: true, model: 'm' });
    expect(typeof (refused as { durationMs: number }).durationMs).toBe('number');
  });
});
