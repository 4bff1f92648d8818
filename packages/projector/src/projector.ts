import { foldRoomEvent, type EventEnvelope, type Logger } from '@cafe/shared';
import type { Consumer, EventTransport, RoomModelStore } from '@cafe/bus';
import { decideFlush } from './flush-policy';
import { createRoomCache, toRoomCacheKey } from './room-cache';

export interface ProjectorOptions {
  transport: EventTransport;
  store: RoomModelStore;
  logger: Logger;
  /** PROJECTOR_POLL_MS. */
  pollMs: number;
  /** PROJECTOR_FLUSH_MIN_INTERVAL_MS. */
  flushMinIntervalMs?: number;
  /** PROJECTOR_START_CURSOR: where an empty keyspace starts. */
  startCursor: number;
  flushEvery?: number;
  /** Consumer group and consumer names (Redis). */
  group?: string;
  consumerName: string;
  maxCachedRooms?: number;
}

export interface ProjectorStatus {
  running: boolean;
  /** The stored checkpoint: every event up to it is in the read models. */
  position: number;
  /** The last event folded in memory (flushed or not). */
  appliedThrough: number;
  pendingEvents: number;
  cachedRooms: number;
  flushes: number;
  resyncs: number;
  lastFlushAt: string | null;
  lastError: string | null;
}

export interface Projector {
  start(): Promise<void>;
  /** Flushes what is pending and stops consuming. */
  stop(): Promise<void>;
  status(): ProjectorStatus;
}

class ResyncNeeded extends Error {}

/**
 * The room projector: consumes the transport, folds each event into its room (docs/transport.md#projector),
 * and flushes changed rooms with the checkpoint in one atomic store write (docs/transport.md#projector:
 * every 10 events or PROJECTOR_POLL_MS). The handler resolves only after the flush, so the
 * transport acknowledges only durable work; a restart resumes at the stored checkpoint and
 * the fold skips anything at or below a room's last applied sequence.
 */
export function createProjector(options: ProjectorOptions): Projector {
  const { store, logger } = options;
  const flushEvery = options.flushEvery ?? 10;
  // The transport's default read size: a smaller batch means the consumer has caught up.
  const FULL_BATCH = 500;
  const cache = createRoomCache(store, options.maxCachedRooms ?? 10_000);
  const dirty = new Set<string>();
  let pendingEvents: EventEnvelope[] = [];
  let pendingCount = 0;
  let pendingSince: number | null = null;
  let lastFlushEnd: number | null = null;
  let appliedThrough = 0;
  let flushed: number | null = null;
  let consumer: Consumer | null = null;
  let running = false;
  let stopping = false;
  let resyncing: Promise<void> | null = null;
  let wakeFlush: (() => void) | null = null;
  const counters = { flushes: 0, resyncs: 0, lastFlushAt: null as string | null, lastError: null as string | null };

  const flush = async () => {
    if (pendingCount === 0 && dirty.size === 0) return;
    const rooms = await Promise.all([...dirty].map((key) => {
      const [tenantId, roomId] = JSON.parse(key) as [string, string];
      return cache.get(tenantId, roomId);
    }));
    const result = await store.flush({ rooms, events: pendingEvents, checkpoint: appliedThrough, expectedCheckpoint: flushed });
    if (!result.ok) {
      counters.lastError = `read models changed underneath (stored checkpoint ${String(result.found)}, expected ${String(flushed)}): resynchronising`;
      logger.warn(counters.lastError);
      void resync();
      throw new ResyncNeeded(counters.lastError);
    }
    flushed = appliedThrough;
    dirty.clear();
    pendingEvents = [];
    pendingCount = 0;
    pendingSince = null;
    counters.flushes += 1;
    lastFlushEnd = Date.now();
    counters.lastFlushAt = new Date(lastFlushEnd).toISOString();
    cache.trim(dirty);
  };

  const flushWhenDue = async (caughtUp: boolean) => {
    for (;;) {
      const decision = decideFlush({
        pending: pendingCount,
        pendingSince,
        now: Date.now(),
        flushEvery,
        pollMs: options.pollMs,
        stopping,
        caughtUp,
        lastFlushAt: lastFlushEnd,
        minIntervalMs: options.flushMinIntervalMs,
      });
      if (decision.kind === 'none') return;
      if (decision.kind === 'now') return flush();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => done(), decision.ms);
        const done = () => {
          clearTimeout(timer);
          wakeFlush = null;
          resolve();
        };
        wakeFlush = done;
      });
    }
  };

  const handle = async (events: EventEnvelope[]) => {
    if (resyncing) throw new ResyncNeeded('projector is resynchronising');
    try {
      for (const event of events) {
        const room = await cache.get(event.tenantId, event.roomId);
        if (foldRoomEvent(room, event)) {
          dirty.add(toRoomCacheKey(event.tenantId, event.roomId));
          pendingEvents.push(event);
        }
        appliedThrough = Math.max(appliedThrough, event.sequence);
      }
      pendingCount += events.length;
      pendingSince ??= Date.now();
      await flushWhenDue(events.length < FULL_BATCH);
      counters.lastError = null;
    } catch (error) {
      if (!(error instanceof ResyncNeeded)) counters.lastError = (error as Error).message;
      throw error;
    }
  };

  const startConsumer = async () => {
    flushed = await store.readCheckpoint();
    appliedThrough = flushed ?? options.startCursor;
    consumer = options.transport.consume(
      { group: options.group ?? 'projector', consumer: options.consumerName, after: appliedThrough },
      handle,
    );
    logger.info('projector consuming', { after: appliedThrough, store: store.kind });
  };

  const resetMemory = () => {
    cache.clear();
    dirty.clear();
    pendingEvents = [];
    pendingCount = 0;
    pendingSince = null;
  };

  // The stored checkpoint is not ours any more (Redis wiped, a rebuild, another writer):
  // drop everything in memory and resume from what the store now holds.
  const resync = () =>
    (resyncing ??= (async () => {
      counters.resyncs += 1;
      const previous = consumer;
      consumer = null;
      await previous?.stop();
      resetMemory();
      for (;;) {
        try {
          if (running && !stopping) await startConsumer();
          counters.lastError = null;
          break;
        } catch (error) {
          counters.lastError = (error as Error).message;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    })().finally(() => {
      resyncing = null;
    }));

  return {
    async start() {
      if (running) return;
      running = true;
      stopping = false;
      resetMemory();
      for (;;) {
        try {
          await startConsumer();
          // A start-up failure that was retried successfully is not a current problem.
          counters.lastError = null;
          return;
        } catch (error) {
          counters.lastError = (error as Error).message;
          logger.warn('projector cannot read its checkpoint yet', { error: counters.lastError });
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (!running) return;
        }
      }
    },
    async stop() {
      if (!running) return;
      stopping = true;
      wakeFlush?.();
      await resyncing;
      await consumer?.stop();
      consumer = null;
      if (pendingCount > 0) await flush().catch((error: Error) => logger.warn('final flush failed', { error: error.message }));
      running = false;
    },
    status: () => ({
      running,
      position: flushed ?? 0,
      appliedThrough,
      pendingEvents: pendingCount,
      cachedRooms: cache.size,
      flushes: counters.flushes,
      resyncs: counters.resyncs,
      lastFlushAt: counters.lastFlushAt,
      lastError: counters.lastError,
    }),
  };
}
