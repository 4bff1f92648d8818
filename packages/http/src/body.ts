import type { H3Event } from 'h3';
import { readRequestHeader } from './request-header';
import { CafeError } from '@cafe/shared';
import { assertStorableJson } from './storable-input';

export type JsonObject = Record<string, unknown>;

const BODY_CACHE = Symbol.for('cafe.jsonBody');

function tooLarge(maxBytes: number): CafeError {
  return new CafeError('ERR_PAYLOAD_TOO_LARGE', `Request body too large (limit ${maxBytes} bytes)`, { maxBytes });
}

/** Rejects a request whose declared `content-length` exceeds the limit, before reading it. */
export function assertContentLengthWithin(event: H3Event, maxBytes: number): void {
  const declared = Number(readRequestHeader(event, 'content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
}

/**
 * Reads the raw body, stopping at `maxBytes`. Over the limit the rest is drained unbuffered
 * rather than destroyed: destroying the request closes the socket, and the client would see
 * a hang-up instead of the 413. `connection: close` ends the connection after the answer.
 */
function readRawBodyWithin(event: H3Event, maxBytes: number): Promise<Buffer> {
  assertContentLengthWithin(event, maxBytes);
  const req = event.node.req;
  return new Promise((resolve, reject) => {
    // Already consumed elsewhere: 'end' will not fire again, so do not wait for it.
    if (req.readableEnded) return resolve(Buffer.alloc(0));
    const chunks: Buffer[] = [];
    let size = 0;
    const detach = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      detach();
      event.node.res.setHeader('connection', 'close');
      req.resume();
      reject(tooLarge(maxBytes));
    };
    const onEnd = () => {
      detach();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      detach();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Reads the request body as a JSON object (docs/http.md#request-bodies): empty → `{}`, invalid JSON → 400
 * `Invalid JSON body`, non-object JSON → 400, over `maxBytes` → 413; nested deeper than
 * MAX_JSON_DEPTH or holding a string Postgres cannot store → 400. The result is cached on
 * the event, so middleware and the route can both ask for it.
 */
export async function readJsonObjectBody(event: H3Event, maxBytes: number): Promise<JsonObject> {
  const cached = event.context[BODY_CACHE as unknown as string] as JsonObject | undefined;
  if (cached) return cached;
  const raw = (await readRawBodyWithin(event, maxBytes)).toString('utf8');
  let parsed: unknown = {};
  if (raw.trim() !== '') {
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new CafeError('ERR_VALIDATION', 'Invalid JSON body', { cause: (error as Error).message });
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CafeError('ERR_VALIDATION', 'Request body must be a JSON object', {
      received: parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed,
    });
  }
  assertStorableJson(parsed);
  event.context[BODY_CACHE as unknown as string] = parsed;
  return parsed as JsonObject;
}
