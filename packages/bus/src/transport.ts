import type { Redis } from 'ioredis';
import { BUS_MEMORY_DEFAULTS, DEFAULT_REDIS_COMMAND_TIMEOUT_MS } from '@cafe/shared';
import { readDatabaseIdentity, type Sql } from '@cafe/db';
import { createErrorReporter, type BusLogger } from './error-log';
import { createFeedStatus, type FeedStatus } from './live/feed-status';
import { createEventHistory } from './live/history';
import { createLiveHub } from './live/hub';
import { runPostgresConsumer } from './live/postgres-consumer';
import { runPostgresFeed } from './live/postgres-feed';
import type { ReadAfter } from './live/pull';
import { openSubscription } from './live/subscription';
import { waitForEventsWith } from './live/wait-for-events';
import { createWakeSignal, sleep, type WakeSignal } from './live/wake-signal';
import type { Consumer, EventTransport, Subscription } from './port';
import { hasUnsettledEvents, readDatabaseName, readLogHead, readLogLag, readLogPage } from './postgres/event-log';
import type { HasUnsettled } from './live/settle-backoff';
import { listenForAppends } from './postgres/wakeups';
import { createRedisClient } from './redis/client';
import { runGroupConsumer } from './redis/group-consumer';
import { runRedisFeed } from './redis/redis-feed';

/** How long a stream read waits in Redis for new entries before it asks again. */
const REDIS_BLOCK_MS = 1000;
import { startRelay, type Relay } from './redis/relay';

export interface EventTransportOptions {
  sql: Sql;
  /** Redis Streams adapter when set; Postgres alone otherwise. */
  redisUrl?: string;
  logger?: BusLogger;
  /** Names Redis connections (CLIENT LIST) and log lines. */
  name?: string;
  /**
   * The global event stream. Default `cafe:bus:events:<database name>`: services of one
   * deployment agree on it, and deployments (or test databases) sharing a Redis never read
   * each other's events.
   */
  streamKey?: string;
  /** Approximate cap of the global stream (default 10 000 entries). */
  streamMaxLen?: number;
  /** REDIS_COMMAND_TIMEOUT_MS (raised for blocking readers to outlast their 1 s block). */
  redisCommandTimeoutMs?: number;
  /** Polling fallback of every Postgres tail (default 500 ms). */
  pollMs?: number;
  /** Events per read (default 500). */
  batchSize?: number;
  /** Run a relay candidate in this process (default true with Redis). */
  relay?: boolean;
  /** Recent events kept in memory per room for resumes (default 500). */
  roomHistoryLimit?: number;
  /** Recent events kept in memory across rooms (default 2 000). */
  globalHistoryLimit?: number;
  /** Rooms whose recent events are kept (default 1 000). */
  maxHistoryRooms?: number;
  /** Live events held per subscriber before it is sent back to the log (default 10 000). */
  maxBufferedPerSubscriber?: number;
  /** Bytes of recent events kept in memory, all rooms together (BUS_HISTORY_MAX_BYTES). */
  historyMaxBytes?: number;
  /** Bytes of live events held per subscriber before it is sent back to the log (BUS_SUBSCRIBER_MAX_BUFFERED_BYTES). */
  maxBufferedBytesPerSubscriber?: number;
}

export const DEFAULT_STREAM_KEY = 'cafe:bus:events';

/**
 * Opens the process's event transport: one live feed (Redis XREAD, or a Postgres tail),
 * one in-process hub for all subscribers, and with Redis a relay candidate. See
 * docs/transport.md for how the API, realtime and projector use it.
 */
export function createEventTransport(options: EventTransportOptions): EventTransport {
  const { sql } = options;
  const name = options.name ?? 'cafe';
  const mode = options.redisUrl ? 'redis' : 'postgres';
  let streamKey = '';
  let identified = false;
  const streamMaxLen = Math.max(100, options.streamMaxLen ?? 10_000);
  const pollMs = Math.max(10, options.pollMs ?? 500);
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const stopper = new AbortController();
  const reportFeed = createErrorReporter(options.logger, `${name} event feed`);
  const history = createEventHistory({
    roomLimit: options.roomHistoryLimit ?? 500,
    globalLimit: options.globalHistoryLimit ?? 2000,
    maxRooms: options.maxHistoryRooms ?? 1000,
    maxBytes: options.historyMaxBytes ?? BUS_MEMORY_DEFAULTS.historyMaxBytes,
  });
  const hub = createLiveHub(history, (error) => options.logger?.error('subscriber failed', { error: String(error) }));
  const feedStatus = createFeedStatus(mode);
  const wakeSignals = new Set<Pick<WakeSignal, 'wake'>>();
  const feedWake = createWakeSignal();
  wakeSignals.add(feedWake);
  const wakeAll = () => {
    for (const signal of wakeSignals) signal.wake();
  };
  const wakeups = listenForAppends(sql, wakeAll, createErrorReporter(options.logger, `${name} LISTEN`));
  const read: ReadAfter = (after, limit) => readLogPage(sql, after, undefined, limit);
  const hasUnsettled: HasUnsettled = (after) => hasUnsettledEvents(sql, after);
  const redisClients: Redis[] = [];
  const openRedis = (role: string) => {
    const commandTimeoutMs = Math.max(options.redisCommandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS, REDIS_BLOCK_MS + 2000);
    const client = createRedisClient(options.redisUrl!, { name: `${name}:${role}`, commandTimeoutMs });
    redisClients.push(client);
    return client;
  };

  let relay: Relay | null = null;
  const startRelayCandidate = () => {
    if (mode !== 'redis' || options.relay === false || stopper.signal.aborted) return;
    relay = startRelay({
      sql,
      redis: openRedis('relay'),
      streamKey,
      maxLen: streamMaxLen,
      batchSize,
      pollMs,
      retryMs: 500,
      onError: createErrorReporter(options.logger, `${name} relay`),
    });
    wakeSignals.add(relay);
  };

  // The start position and (unless given) the stream key both come from Postgres.
  const ready = (async () => {
    while (!stopper.signal.aborted) {
      try {
        if (mode === 'redis' && !identified) {
          // The database's identity is part of the key, so a re-created database or another
          // deployment never reads (or trims) this log's stream and consumer groups.
          const { tag } = await readDatabaseIdentity(sql);
          streamKey = `${options.streamKey || `${DEFAULT_STREAM_KEY}:${await readDatabaseName(sql)}`}:${tag}`;
          identified = true;
        }
        hub.start(await readLogHead(sql));
        startRelayCandidate();
        return;
      } catch (error) {
        reportFeed(error as Error);
        await sleep(1000, stopper.signal);
      }
    }
  })();

  const feedDone = ready.then(async () => {
    if (stopper.signal.aborted) return;
    if (mode === 'postgres') {
      await runPostgresFeed({ read, hasUnsettled, hub, wake: feedWake, pollMs, batchSize, status: feedStatus, onError: reportFeed, signal: stopper.signal });
      return;
    }
    const feedClient = openRedis('feed');
    feedClient.on('ready', () => feedWake.wake());
    await runRedisFeed({
      redis: feedClient,
      streamKey,
      read,
      hasUnsettled,
      hub,
      wake: feedWake,
      pollMs,
      batchSize,
      blockMs: REDIS_BLOCK_MS,
      stallMs: 3000,
      status: feedStatus,
      onError: reportFeed,
      signal: stopper.signal,
    });
  });

  const subscriptions = new Set<Subscription>();
  const consumers = new Set<Consumer>();
  const subscribe: EventTransport['subscribe'] = (subscribeOptions, handler) => {
    const subscription = openSubscription(
      {
        hub,
        history,
        ready,
        readPage: (after, filter, limit) => readLogPage(sql, after, filter, limit),
        retryDelayMs: 1000,
        maxBuffered: options.maxBufferedPerSubscriber ?? 10_000,
        maxBufferedBytes: options.maxBufferedBytesPerSubscriber ?? BUS_MEMORY_DEFAULTS.subscriberMaxBufferedBytes,
      },
      subscribeOptions,
      handler,
    );
    subscriptions.add(subscription);
    return {
      get position() {
        return subscription.position;
      },
      close() {
        subscriptions.delete(subscription);
        subscription.close();
      },
    };
  };

  return {
    mode,
    ready,
    head: () => readLogHead(sql),
    subscribe,
    waitForEvents: (waitOptions) => waitForEventsWith(subscribe, waitOptions),
    consume(consumeOptions, handler) {
      const cursor = { position: consumeOptions.after };
      const controller = new AbortController();
      const wake = createWakeSignal();
      wakeSignals.add(wake);
      const status: FeedStatus = createFeedStatus(mode);
      const onError = createErrorReporter(options.logger, `${name} consumer ${consumeOptions.group}`);
      const size = consumeOptions.batchSize ?? batchSize;
      let client: Redis | null = null;
      if (mode === 'redis') client = openRedis(`consumer:${consumeOptions.group}`);
      const done = ready.then(() =>
        mode === 'postgres'
          ? runPostgresConsumer({ read, hasUnsettled, cursor, handler, wake, pollMs, batchSize: size, retryMs: 1000, status, onError, signal: controller.signal })
          : runGroupConsumer({
              redis: client!,
              streamKey,
              group: consumeOptions.group,
              consumer: consumeOptions.consumer,
              read,
              hasUnsettled,
              cursor,
              handler,
              wake,
              pollMs,
              batchSize: size,
              blockMs: REDIS_BLOCK_MS,
              stallMs: 3000,
              claimIdleMs: 0,
              status,
              onError,
              signal: controller.signal,
            }),
      );
      client?.on('ready', () => wake.wake());
      const consumer: Consumer = {
        get position() {
          return cursor.position;
        },
        async stop() {
          controller.abort();
          wakeSignals.delete(wake);
          consumers.delete(consumer);
          // Unblock a pending XREADGROUP; the loop then sees the abort.
          client?.disconnect();
          await done;
        },
      };
      consumers.add(consumer);
      return consumer;
    },
    lag: (position) => readLogLag(sql, position),
    status() {
      return {
        mode,
        streamKey: mode === 'redis' ? streamKey || null : null,
        source: feedStatus.source,
        connected: feedStatus.connected,
        position: hub.position,
        lastEventAt: hub.lastEventAt,
        reconnects: feedStatus.reconnects,
        lastError: feedStatus.lastError,
        relay: relay?.status() ?? null,
        subscribers: subscriptions.size,
        history: history.stats(),
      };
    },
    async close() {
      if (stopper.signal.aborted) return;
      stopper.abort();
      for (const subscription of [...subscriptions]) subscription.close();
      await Promise.all([...consumers].map((consumer) => consumer.stop()));
      for (const client of redisClients) client.disconnect();
      await relay?.stop();
      await wakeups.close();
      await feedDone.catch(() => {});
    },
  };
}
