import { getRequestHeader, type H3Event } from 'h3';

/** Largest request body the registry reads (a registration is a few KB). */
export const MAX_BODY_BYTES = 1_048_576;

export type JsonBodyOutcome =
  | { kind: 'json'; value: unknown }
  | { kind: 'empty' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'too_large'; maxBytes: number };

/**
 * Reads and parses a JSON body without trusting the client: the declared length is checked
 * first, and reading stops as soon as the limit is passed. Strict JSON (a bare word is
 * malformed, not a string), unlike h3's lenient `readBody`.
 */
export async function readJsonBody(event: H3Event, maxBytes = MAX_BODY_BYTES): Promise<JsonBodyOutcome> {
  const declared = Number(getRequestHeader(event, 'content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) return { kind: 'too_large', maxBytes };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of event.node.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return { kind: 'too_large', maxBytes };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    return { kind: 'malformed', reason: (error as Error).message };
  }
}
