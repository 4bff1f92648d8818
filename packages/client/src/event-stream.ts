import type { EventEnvelope } from '@cafe/shared';
import { CafeApiError } from './api-error';
import { createSseFrameReader } from './sse-frames';
import type { EventFilter } from './types';

export interface StreamOptions extends EventFilter {
  /** Resume after this sequence; without it the stream starts with the newest `limit` events. */
  cursor?: number;
  /** Replay batch size. */
  limit?: number;
  /** Stops the stream (the iterator then ends). */
  signal?: AbortSignal;
  /** Wait before reconnecting after the connection dropped (ms, default 1000). */
  reconnectDelayMs?: number;
}

export interface StreamTransport {
  open(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response>;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * The API's live stream as an async iterator of events. When the connection drops it
 * reconnects with `Last-Event-ID` set to the last event received, so no event is lost or
 * repeated (docs/streams.md#resume). Ends when `signal` aborts; an error answer before the
 * stream opens (auth, validation) is thrown as CafeApiError.
 */
export async function* streamEvents(transport: StreamTransport, options: StreamOptions = {}): AsyncGenerator<EventEnvelope> {
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  if (options.signal?.aborted) return;
  let lastId: string | null = options.cursor !== undefined ? String(options.cursor) : null;
  const query = new URLSearchParams();
  for (const key of ['tenantId', 'roomId', 'actorId'] as const) if (options[key]) query.set(key, options[key]!);
  if (options.types?.length) query.set('types', options.types.join(','));
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  if (options.cursor !== undefined) query.set('cursor', String(options.cursor));
  const path = `/v1/streams/market-events${query.size ? `?${query}` : ''}`;

  try {
    yield* follow();
  } finally {
    // A consumer that stops iterating closes the connection too.
    controller.abort();
  }

  async function* follow(): AsyncGenerator<EventEnvelope> {
  while (!controller.signal.aborted) {
    let response: Response;
    try {
      response = await transport.open(path, lastId !== null ? { 'last-event-id': lastId } : {}, controller.signal);
    } catch {
      if (controller.signal.aborted) return;
      await wait(options.reconnectDelayMs ?? 1000, controller.signal);
      continue;
    }
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => null)) as { error?: ConstructorParameters<typeof CafeApiError>[1] } | null;
      if (body?.error) throw new CafeApiError(response.status, body.error);
      throw new Error(`stream answered ${response.status}`);
    }
    const read = createSseFrameReader();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (const frame of read(decoder.decode(chunk, { stream: true }))) {
          if (frame.id === null) continue;
          lastId = frame.id;
          yield JSON.parse(frame.data) as EventEnvelope;
        }
      }
    } catch {
      // The connection dropped: reconnect below with Last-Event-ID.
    }
    if (controller.signal.aborted) return;
    await wait(options.reconnectDelayMs ?? 1000, controller.signal);
  }
  }
}
