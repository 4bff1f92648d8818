import { openServiceDatabase, type ServiceDatabase } from '@cafe/db';
import { createEventTransport, type EventTransport } from '@cafe/bus';
import { createLogger, type Logger, type RealtimeEnv } from '@cafe/shared';
import { createFanout, type Fanout } from './fanout';

export interface RealtimeRuntime {
  env: RealtimeEnv;
  logger: Logger;
  db: ServiceDatabase;
  startedAt: number;
  /** The event transport this instance reads itself (null without a database). */
  transport: EventTransport | null;
  fanout: Fanout;
  close(): Promise<void>;
}

let runtime: RealtimeRuntime | undefined;

/**
 * Builds the realtime process: pool, its own event transport (Redis XREAD of the global stream,
 * or a Postgres tail; with Redis also a relay candidate) and the client fanout. It never reads
 * the API's HTTP stream.
 */
export function startRealtimeRuntime(env: RealtimeEnv): RealtimeRuntime {
  const logger = createLogger({ service: 'agentcafe-realtime', level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const db = openServiceDatabase(env, { applicationName: 'cafe-realtime', logger });
  const transport = db.sql
    ? createEventTransport({
        sql: db.sql,
        redisUrl: env.REDIS_URL,
        redisCommandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
        logger,
        name: 'realtime',
        streamKey: env.BUS_REDIS_STREAM_KEY,
        streamMaxLen: env.BUS_REDIS_STREAM_MAXLEN,
        pollMs: env.BUS_POLL_MS,
        historyMaxBytes: env.BUS_HISTORY_MAX_BYTES,
        maxBufferedBytesPerSubscriber: env.BUS_SUBSCRIBER_MAX_BUFFERED_BYTES,
        roomHistoryLimit: env.REALTIME_ROOM_HISTORY_LIMIT,
      })
    : null;
  const fanout = createFanout({ maxClients: env.REALTIME_MAX_CLIENTS, heartbeatMs: env.REALTIME_HEARTBEAT_MS });
  runtime = {
    env,
    logger,
    db,
    startedAt: Date.now(),
    transport,
    fanout,
    async close() {
      fanout.closeAll();
      fanout.stop();
      await transport?.close();
      await db.close();
    },
  };
  return runtime;
}

/** The runtime started by the server plugin. */
export function useRealtimeRuntime(): RealtimeRuntime {
  if (!runtime) throw new Error('realtime runtime not started');
  return runtime;
}
