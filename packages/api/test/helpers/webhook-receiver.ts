import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A real local HTTP receiver for webhook e2e tests: records every request and answers with the
 * status its path is set to (`respond(path, …)`), 200 by default. A function decides per
 * request (e.g. fail the first n attempts).
 */
export async function startWebhookReceiver() {
  const received: ReceivedRequest[] = [];
  const responders = new Map<string, (count: number, request: ReceivedRequest) => number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const request: ReceivedRequest = { path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(request);
      const count = received.filter((item) => item.path === path).length;
      res.statusCode = responders.get(path)?.(count, request) ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    port,
    /** The status for a path: fixed, or decided per request (`count` = requests to the path so far). */
    respond(path: string, status: number | ((count: number, request: ReceivedRequest) => number)) {
      responders.set(path, typeof status === 'number' ? () => status : status);
    },
    at: (path: string) => received.filter((request) => request.path === path),
    all: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
