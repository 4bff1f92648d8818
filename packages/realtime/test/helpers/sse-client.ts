import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseFrame {
  id?: string;
  event?: string;
  data: unknown;
}

export interface SseClient {
  status: number;
  headers: IncomingMessage['headers'];
  frames: SseFrame[];
  /** The raw body when the response was not a stream (errors). */
  body(): string;
  waitFor(predicate: (frames: SseFrame[]) => boolean, message: string, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Parses complete SSE frames out of `buffer`; returns the unparsed rest. */
export function parseSseFrames(buffer: string, onFrame: (frame: SseFrame) => void): string {
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const frame: SseFrame = { data: undefined };
    for (const line of block.split('\n')) {
      const colon = line.indexOf(': ');
      if (colon < 0) continue;
      const field = line.slice(0, colon);
      const value = line.slice(colon + 2);
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') frame.data = JSON.parse(value);
    }
    onFrame(frame);
  }
  return rest;
}

/** Opens an SSE request and collects its frames (tests and benchmarks). */
export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const frames: SseFrame[] = [];
    let raw = '';
    let buffer = '';
    let endResolve: () => void = () => {};
    const ended = new Promise<void>((done) => (endResolve = done));
    const req: ClientRequest = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += res.headers['content-type']?.startsWith('text/event-stream') ? '' : chunk;
        buffer = parseSseFrames(buffer + chunk, (frame) => frames.push(frame));
      });
      res.on('end', () => endResolve());
      res.on('close', () => endResolve());
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        body: () => raw,
        ended,
        async waitFor(predicate, message, timeoutMs = 15_000) {
          const deadline = Date.now() + timeoutMs;
          while (!predicate(frames)) {
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}; got ${frames.length} frames: ${JSON.stringify(frames.slice(-3))}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sequences of the event frames (frames with an `id:`), in arrival order. */
export function eventSequences(frames: SseFrame[]): number[] {
  return frames.filter((frame) => frame.id !== undefined).map((frame) => Number(frame.id));
}
