import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@cafe/shared';
import { CafeApiError, isRetryable } from './api-error';
import { streamEvents, type StreamOptions } from './event-stream';
import type {
  ActorScope,
  CommandAccepted,
  CommandAction,
  CommandBodies,
  EventFilter,
  EventPage,
  InboxPage,
  PollPage,
  WriteOptions,
} from './types';

export interface CafeClientOptions {
  /** The command API, e.g. `http://localhost:3850`. */
  baseUrl: string;
  /** The API token, sent as `x-api-key` (only needed when the API has auth on). */
  apiKey?: string;
  /** How often a write is retried, with the same idempotency key, after a network error or a 502/503/504 (default 2). */
  retries?: number;
  /** Wait between retries in ms (default 250). */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | string[] | undefined>;

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.size ? `?${params}` : '';
}

/**
 * A client of the command API. Reads answer the envelope's `data`; failures throw
 * CafeApiError with the catalogue code. Every write carries an `Idempotency-Key` (a fresh
 * UUID unless given) and is retried with that same key when the answer is lost, so a write
 * happens at most once (docs/idempotency.md).
 */
export function createCafeClient(options: CafeClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const authHeaders: Record<string, string> = options.apiKey ? { 'x-api-key': options.apiKey } : {};
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 250;

  async function send<T>(method: string, path: string, init: { query?: Query; body?: unknown; idempotencyKey?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { ...authHeaders };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const write = method !== 'GET';
    if (write) headers['idempotency-key'] = init.idempotencyKey ?? randomUUID();
    const url = `${baseUrl}${path}${queryString(init.query)}`;
    for (let attempt = 0; ; attempt += 1) {
      const last = !write || attempt >= retries;
      let response: Response;
      try {
        response = await doFetch(url, { method, headers, body: init.body !== undefined ? JSON.stringify(init.body) : undefined });
      } catch (error) {
        if (last) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        continue;
      }
      if (!last && isRetryable(response.status)) {
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        continue;
      }
      const body = (await response.json()) as { ok: boolean; data?: T; error?: ConstructorParameters<typeof CafeApiError>[1] } & T;
      if (body.ok === false && body.error) throw new CafeApiError(response.status, body.error);
      // GET /healthz answers its fields at the top level, everything else inside `data`.
      return body.data !== undefined ? body.data : (body as T);
    }
  }

  const command =
    <A extends CommandAction>(action: A) =>
    (body: ActorScope & CommandBodies[A], write: WriteOptions = {}) =>
      send<CommandAccepted>('POST', `/v1/commands/${action}`, { body, idempotencyKey: write.idempotencyKey });

  return {
    /** Any endpoint, for what the typed helpers below do not cover. */
    request: send,
    health: () => send<Record<string, unknown> & { status: string }>('GET', '/healthz'),
    bootstrap: (query: { actorId: string; tenantId?: string; roomId?: string }) => send<Record<string, unknown>>('GET', '/v1/bootstrap', { query }),
    commands: {
      enter: command('enter'),
      leave: command('leave'),
      move: command('move'),
      say: command('say'),
      order: command('order'),
    },
    inbox: {
      list: (query: { actorId: string; tenantId?: string; roomId?: string; unreadOnly?: boolean; cursor?: number; limit?: number }) =>
        send<InboxPage>('GET', '/v1/inbox', { query }),
      ack: (inboxItemId: string, body: { actorId: string; tenantId?: string }, write: WriteOptions = {}) =>
        send<Record<string, unknown>>('POST', `/v1/inbox/${encodeURIComponent(inboxItemId)}/ack`, { body, idempotencyKey: write.idempotencyKey }),
    },
    events: {
      /** One page of the log after `cursor` (docs/cursors.md). */
      list: (query: EventFilter & { cursor?: number; limit?: number } = {}) => send<EventPage>('GET', '/v1/events', { query: { ...query } }),
      /** Long poll: answers when events after `cursor` exist, or after `timeoutMs`. */
      poll: (query: EventFilter & { cursor?: number; limit?: number; timeoutMs?: number } = {}) => send<PollPage>('GET', '/v1/events/poll', { query: { ...query } }),
      /** The live stream with resume built in; stop it with `signal` or by leaving the loop. */
      stream: (stream: StreamOptions = {}): AsyncGenerator<EventEnvelope> =>
        streamEvents(
          {
            open: (path, headers, signal) => doFetch(`${baseUrl}${path}`, { headers: { ...authHeaders, accept: 'text/event-stream', ...headers }, signal }),
          },
          stream,
        ),
    },
  };
}

export type CafeClient = ReturnType<typeof createCafeClient>;
