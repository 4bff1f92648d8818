import { Redis } from 'ioredis';

export interface RedisClientOptions {
  /** Connection name shown by CLIENT LIST. */
  name: string;
  /** Per-command timeout for non-blocking clients (ms). */
  commandTimeoutMs?: number;
}

/**
 * A Redis client that fails fast while Redis is unreachable instead of queueing commands:
 * every caller in the bus has a Postgres fallback or a retry loop of its own, and a queue
 * would only grow memory and deliver stale writes later. Reconnects forever with backoff.
 */
export function createRedisClient(url: string, options: RedisClientOptions): Redis {
  const client = new Redis(url, {
    connectionName: options.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 2000,
    commandTimeout: options.commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1000),
    lazyConnect: false,
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
