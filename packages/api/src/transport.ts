import { createEventTransport, type EventTransport } from '@cafe/bus';
import { requireSql } from './deps';
import type { ApiRuntime } from './runtime';

let transport: EventTransport | undefined;

/**
 * The API's event transport (long-poll wake-ups and its own SSE stream), opened on first use
 * so a process without a database still starts and reports degraded.
 */
export function useApiTransport(runtime: ApiRuntime): EventTransport {
  const { env } = runtime;
  transport ??= createEventTransport({
    sql: requireSql(runtime),
    redisUrl: env.REDIS_URL,
    redisCommandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    logger: runtime.logger,
    name: 'api',
    streamKey: env.BUS_REDIS_STREAM_KEY,
    streamMaxLen: env.BUS_REDIS_STREAM_MAXLEN,
    pollMs: env.BUS_POLL_MS,
    historyMaxBytes: env.BUS_HISTORY_MAX_BYTES,
    maxBufferedBytesPerSubscriber: env.BUS_SUBSCRIBER_MAX_BUFFERED_BYTES,
  });
  return transport;
}

/** The transport if it is open (health reports it without opening one). */
export function peekApiTransport(): EventTransport | undefined {
  return transport;
}

/** Closes the transport at shutdown (if it was opened). */
export async function closeApiTransport(): Promise<void> {
  await transport?.close();
  transport = undefined;
}
