import { request, type ClientRequest } from 'node:http';
import { connect, type Socket } from 'node:net';

/** Many SSE subscribers on one URL that record when each event id arrives (cheap parsing). */
export interface SubscriberPool {
  /** Resolves once every subscriber has seen its `ready` frame. */
  ready: Promise<void>;
  /** Per event sequence: arrival times (ms, performance clock) across subscribers. */
  arrivals: Map<number, number[]>;
  /** Subscribers whose stream ended or failed before close(). */
  failed(): number;
  close(): void;
}

/**
 * Opens `count` SSE connections. Each only scans for `id:` lines and the `ready` frame, so a
 * thousand clients in one process cost little next to the server under test.
 */
export function openSubscribers(url: string, count: number): SubscriberPool {
  const arrivals = new Map<number, number[]>();
  const requests: ClientRequest[] = [];
  let failed = 0;
  let closing = false;
  let readyCount = 0;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  for (let i = 0; i < count; i += 1) {
    let tail = '';
    let isReady = false;
    const req = request(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const now = performance.now();
        const text = tail + chunk;
        const cut = text.lastIndexOf('\n');
        tail = text.slice(cut + 1);
        const complete = text.slice(0, cut + 1);
        if (!isReady && complete.includes('event: ready\n')) {
          isReady = true;
          readyCount += 1;
          if (readyCount === count) resolveReady();
        }
        for (const match of complete.matchAll(/^id: (\d+)$/gm)) {
          const sequence = Number(match[1]);
          const list = arrivals.get(sequence);
          if (list) list.push(now);
          else arrivals.set(sequence, [now]);
        }
      });
      res.on('close', () => {
        if (!closing) failed += 1;
      });
    });
    req.on('error', () => {
      if (!closing) failed += 1;
    });
    req.end();
    requests.push(req);
  }
  return {
    ready,
    arrivals,
    failed: () => failed,
    close() {
      closing = true;
      for (const req of requests) req.destroy();
    },
  };
}

/**
 * Opens `count` raw connections that send an SSE request and then never read a byte: the
 * kernel buffers fill, then the server's, and the server must drop them rather than grow.
 */
export function openStalledClients(host: string, port: number, path: string, count: number): { sockets: Socket[]; closed(): number; destroy(): void } {
  const sockets: Socket[] = [];
  let closed = 0;
  for (let i = 0; i < count; i += 1) {
    const socket = connect({ host, port }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
      socket.pause();
    });
    socket.on('close', () => (closed += 1));
    socket.on('error', () => {});
    sockets.push(socket);
  }
  return { sockets, closed: () => closed, destroy: () => sockets.forEach((socket) => socket.destroy()) };
}
