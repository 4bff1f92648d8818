import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, toNodeListener, type App } from 'h3';

export interface ServedApp {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

/** Serves an h3 app with node:http on a free loopback port, for tests. */
export async function serveApp(app: App): Promise<ServedApp> {
  const server = createServer(toNodeListener(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fresh h3 app (no framework error rendering is relied on: handlers send their own envelopes). */
export function createTestApp(): App {
  return createApp();
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * POSTs a body in chunks with `transfer-encoding: chunked` (no content-length), so the server
 * can only enforce its size limit while streaming. Resolves with whatever the server answers.
 */
export function postChunked(port: number, path: string, chunks: Buffer[], delayMs = 2): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    let index = 0;
    const writeNext = () => {
      if (req.destroyed) return;
      if (index >= chunks.length) return void req.end();
      req.write(chunks[index++]);
      setTimeout(writeNext, delayMs);
    };
    writeNext();
  });
}

/** The Cafe envelope as tests read it (either branch; fields are checked by the assertions). */
export interface EnvelopeBody {
  ok: boolean;
  data: Record<string, unknown>;
  error: { code: string; message: string; details: Record<string, unknown>; requestId: string };
}

/** Parses a response body as the envelope. */
export async function readEnvelope(res: Response): Promise<EnvelopeBody> {
  return (await res.json()) as EnvelopeBody;
}
