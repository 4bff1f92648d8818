import { hostname } from 'node:os';
import { openServiceDatabase, readDatabaseIdentity, type ServiceDatabase } from '@cafe/db';
import {
  createEventTransport,
  createMemoryRoomStore,
  createRedisClient,
  createRedisRoomStore,
  runAsLeader,
  untilAborted,
  type EventTransport,
  type LeaderLock,
  type RoomModelStore,
} from '@cafe/bus';
import { createLogger, type Logger, type ProjectorEnv } from '@cafe/shared';
import { createProjector, type Projector } from './projector';

export interface ProjectorRuntime {
  env: ProjectorEnv;
  logger: Logger;
  db: ServiceDatabase;
  startedAt: number;
  /** Null without a database: the projector then only reports degraded health. */
  transport: EventTransport | null;
  store: RoomModelStore | null;
  projector: Projector | null;
  /** With Redis, one projector per keyspace is active (leader); others stand by. */
  leadership: LeaderLock | null;
  close(): Promise<void>;
}

let runtime: ProjectorRuntime | undefined;


/**
 * Builds the projector process: pool, event transport, read-model store (Redis keyspace, or
 * memory without REDIS_URL) and the projector. With Redis the projector runs only while this
 * process holds the keyspace's leader lock, so two instances never fold into the same keys.
 */
export function startProjectorRuntime(env: ProjectorEnv): ProjectorRuntime {
  const logger = createLogger({ service: 'agentcafe-projector', level: env.LOG_LEVEL, format: env.LOG_FORMAT });
  const db = openServiceDatabase(env, { applicationName: 'cafe-projector', logger });
  let transport: EventTransport | null = null;
  let store: RoomModelStore | null = null;
  let projector: Projector | null = null;
  let leadership: LeaderLock | null = null;

  if (db.sql) {
    const sql = db.sql;
    transport = createEventTransport({
      sql,
      redisUrl: env.REDIS_URL,
      redisCommandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      logger,
      name: 'projector',
      streamKey: env.BUS_REDIS_STREAM_KEY,
      streamMaxLen: env.BUS_REDIS_STREAM_MAXLEN,
      pollMs: env.BUS_POLL_MS,
      historyMaxBytes: env.BUS_HISTORY_MAX_BYTES,
      maxBufferedBytesPerSubscriber: env.BUS_SUBSCRIBER_MAX_BUFFERED_BYTES,
      roomHistoryLimit: 0,
      globalHistoryLimit: 0,
    });
    store = env.REDIS_URL
      ? createRedisRoomStore({
          redis: createRedisClient(env.REDIS_URL, { name: 'projector:store', commandTimeoutMs: Math.max(env.REDIS_COMMAND_TIMEOUT_MS, 5000) }),
          prefix: env.PROJECTOR_REDIS_PREFIX,
          streamMaxLen: env.PROJECTOR_REDIS_STREAM_MAXLEN,
          presenceTtlSeconds: env.PROJECTOR_REDIS_PRESENCE_TTL_SECONDS,
        })
      : createMemoryRoomStore();
    const active = createProjector({
      transport,
      store,
      logger,
      pollMs: env.PROJECTOR_POLL_MS,
      flushMinIntervalMs: env.PROJECTOR_FLUSH_MIN_INTERVAL_MS,
      fullWriteBytesPerSecond: env.PROJECTOR_FULL_WRITE_BYTES_PER_SEC,
      startCursor: env.PROJECTOR_START_CURSOR,
      readIdentity: async () => (await readDatabaseIdentity(sql)).tag,
      consumerName: `${hostname()}-${process.pid}`,
    });
    projector = active;
    if (env.REDIS_URL) {
      leadership = runAsLeader(
        sql,
        {
          name: `cafe-projector:${env.PROJECTOR_REDIS_PREFIX}`,
          retryMs: 1000,
          checkMs: 2000,
          onError: (error) => logger.warn('projector leader lock', { error: error.message }),
        },
        async (signal) => {
          logger.info('projector is the active instance for its keyspace', { prefix: env.PROJECTOR_REDIS_PREFIX });
          await active.start();
          await untilAborted(signal);
          await active.stop();
        },
      );
    } else {
      void db.ready.then(() => active.start());
    }
  }

  runtime = {
    env,
    logger,
    db,
    startedAt: Date.now(),
    transport,
    store,
    projector,
    leadership,
    async close() {
      await leadership?.stop();
      await projector?.stop();
      await transport?.close();
      await store?.close();
      await db.close();
    },
  };
  return runtime;
}

/** The runtime started by the server plugin. */
export function useProjectorRuntime(): ProjectorRuntime {
  if (!runtime) throw new Error('projector runtime not started');
  return runtime;
}
