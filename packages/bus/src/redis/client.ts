import { Redis } from 'ioredis';
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS } from '@cafe/shared';

export interface RedisClientOptions {
  /** Connection name shown by CLIENT LIST. */
  name: string;
  /**
   * REDIS_COMMAND_TIMEOUT_MS: a command unanswered for this long fails, and a socket that
   * received nothing for this long while a command waited is dropped and reconnected. Blocking
   * reads must block for less (the transport blocks 1 s and raises it to at least 2 s more).
   */
  commandTimeoutMs?: number;
  /**
   * Commands issued in the same turn of the event loop leave in one write. For clients many
   * concurrent requests share (the API's): one socket write and one wake-up per turn instead
   * of one per command, which is most of what a small command costs.
   */
  autoPipelining?: boolean;
}

/**
 * A Redis client that fails fast while Redis is unreachable or silent instead of queueing or
 * waiting:
 * every caller has a Postgres or in-process fallback or a retry loop of its own, and a queue
 * would only grow memory and deliver stale writes later. Reconnects forever with backoff.
 */
export function createRedisClient(url: string, options: RedisClientOptions): Redis {
  const client = new Redis(url, {
    connectionName: options.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 2000,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    // Without it a silent peer keeps the connection "ready" and every command waits out its
    // own timeout; dropped, the client reconnects and commands fail at once meanwhile.
    socketTimeout: options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1000),
    lazyConnect: false,
    enableAutoPipelining: options.autoPipelining ?? false,
  });
  // Errors surface on the commands; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  return client;
}

/** Resolves when the client is ready, or after `timeoutMs` (whichever is first). */
export function waitForRedisReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onReady = () => finish(true);
    function finish(ready: boolean) {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    }
    client.on('ready', onReady);
  });
}
