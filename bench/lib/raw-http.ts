import { connect, type Socket } from 'node:net';

/** Where one HTTP/1.1 response ends in a buffer, once enough of it has arrived. */
export interface ParsedResponse {
  status: number;
  /** Bytes the response occupies from the start of the buffer. */
  length: number;
  /** The server asked to close the connection after this response. */
  close: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Finds the end of a chunked body starting at `from`, or -1 when it has not all arrived. */
function findChunkedEnd(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd === -1) return -1;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (!Number.isFinite(size)) throw new Error('malformed chunk size');
    if (size === 0) {
      // The last chunk: an empty line right away, or trailers ending in one.
      if (buffer.subarray(lineEnd + 2, lineEnd + 4).equals(CRLF)) return lineEnd + 4;
      const end = buffer.indexOf(HEADER_END, lineEnd);
      return end === -1 ? -1 : end + 4;
    }
    at = lineEnd + 2 + size + 2;
    if (at > buffer.length) return -1;
  }
}

/**
 * Parses the first HTTP/1.1 response in `buffer`: status, where it ends (Content-Length or
 * chunked; no body for 1xx/204/304) and whether the connection closes. Null until the whole
 * response is there. Bodies delimited by the connection closing are not supported.
 */
export function parseResponse(buffer: Buffer): ParsedResponse | null {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd === -1) return null;
  const head = buffer.toString('latin1', 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const bodyStart = headerEnd + 4;
  const close = /\r\nconnection:[ \t]*close/i.test(head);
  if ((status >= 100 && status < 200) || status === 204 || status === 304) return { status, length: bodyStart, close };
  const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return buffer.length >= end ? { status, length: end, close } : null;
  }
  if (/\r\ntransfer-encoding:[^\r]*chunked/i.test(head)) {
    const end = findChunkedEnd(buffer, bodyStart);
    return end === -1 ? null : { status, length: end, close };
  }
  throw new Error(`response ${status} has neither content-length nor chunked encoding`);
}

/**
 * One keep-alive HTTP/1.1 connection that sends pre-built requests and parses just enough of
 * each response to find its status and end. A load generator on two shared cores must cost
 * little: this does about a quarter of node:http's work per request (no header objects, no
 * streams), so more of the machine is left to the server under test.
 */
export class RawHttpConnection {
  private socket: Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (error: Error) => void } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  private open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port, noDelay: true }, () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      // Events of a socket already replaced (reset after a timeout) must not fail the next request.
      socket.on('error', (error) => {
        if (this.socket === socket) this.fail(error);
      });
      socket.on('close', () => {
        if (this.socket !== socket) return;
        this.socket = null;
        this.buffer = Buffer.alloc(0);
        this.fail(new Error('connection closed'));
      });
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let parsed: ParsedResponse | null;
    try {
      parsed = parseResponse(this.buffer);
    } catch (error) {
      this.fail(error as Error);
      this.reset();
      return;
    }
    if (!parsed) return;
    this.buffer = this.buffer.subarray(parsed.length);
    if (parsed.close) this.reset();
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve(parsed.status);
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }

  private reset(): void {
    this.socket?.destroy();
    this.socket = null;
    this.buffer = Buffer.alloc(0);
  }

  /** Sends one request and resolves with the response status; rejects on error or timeout. */
  async send(request: Buffer, timeoutMs: number): Promise<number> {
    this.socket ??= await this.open();
    const socket = this.socket;
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`no complete response within ${timeoutMs} ms`));
        this.reset();
      }, timeoutMs);
      this.waiting = {
        resolve: (status) => {
          clearTimeout(timer);
          resolve(status);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      socket.write(request);
    });
  }

  close(): void {
    this.waiting = null;
    this.reset();
  }
}

/** Serialises a request for RawHttpConnection (Host and Content-Length added). */
export function buildRawRequest(method: string, url: URL, headers: Record<string, string>, body?: string): Buffer {
  const payload = body === undefined ? undefined : Buffer.from(body);
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  if (payload) head += `content-length: ${payload.length}\r\n`;
  head += '\r\n';
  return payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : Buffer.from(head, 'latin1');
}
