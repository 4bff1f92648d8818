import { getRequestHeader, type H3Event } from 'h3';
import { CafeError } from '@cafe/shared';

export type JsonObject = Record<string, unknown>;

const BODY_CACHE = Symbol.for('cafe.jsonBody');

function tooLarge(maxBytes: number): CafeError {
  return new CafeError('ERR_PAYLOAD_TOO_LARGE', `Request body too large (limit ${maxBytes} bytes)`, { maxBytes });
}

/** Rejects a request whose declared `content-length` exceeds the limit, before reading it. */
export function assertContentLengthWithin(event: H3Event, maxBytes: number): void {
  const declared = Number(getRequestHeader(event, 'content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
}

async function readRawBodyWithin(event: H3Event, maxBytes: number): Promise<Buffer> {
  assertContentLengthWithin(event, maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of event.node.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      // Stop reading: the rest of the stream is discarded with the connection.
      event.node.req.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads the request body as a JSON object (spec README §9): empty → `{}`, invalid JSON → 400
 * `Invalid JSON body`, non-object JSON → 400, over `maxBytes` → 413. The result is cached on
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
  event.context[BODY_CACHE as unknown as string] = parsed;
  return parsed as JsonObject;
}
