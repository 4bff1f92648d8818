import { foldRoomEvent, type EventEnvelope, type Logger, type RoomProjection } from '@cafe/shared';
import type { Consumer, EventTransport, RoomModelStore } from '@cafe/bus';
import { decideFlush, decideFullWrite } from './flush-policy';
import { createRoomCache, toRoomCacheKey } from './room-cache';

export interface ProjectorOptions {
  transport: EventTransport;
  store: RoomModelStore;
  logger: Logger;
  /** PROJECTOR_POLL_MS. */
  pollMs: number;
  /** PROJECTOR_FLUSH_MIN_INTERVAL_MS. */
  flushMinIntervalMs?: number;
  /** The database's identity tag (readDatabaseIdentity), which the keyspace must carry. */
  readIdentity?: () => Promise<string>;
  /** PROJECTOR_START_CURSOR: where an empty keyspace starts. */
  startCursor: number;
  flushEvery?: number;
  /** PROJECTOR_FULL_WRITE_BYTES_PER_SEC: the pace of whole-room writes of one large room (default: every flush). */
  fullWriteBytesPerSecond?: number;
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
  const fullWriteBytesPerSecond = options.fullWriteBytesPerSecond ?? Number.POSITIVE_INFINITY;
  const dirty = new Set<string>();
  /**
   * Per room: its last whole write, and what changed since: the actors whose presence entry to
   * rewrite, and the oldest event its stored fold state lacks (null when it lacks none).
   */
  const writes = new Map<string, { fullAt: number | null; fullBytes: number; actors: Set<string>; unsavedFrom: number | null }>();
  const writesOf = (key: string) => {
    let entry = writes.get(key);
    if (!entry) writes.set(key, (entry = { fullAt: null, fullBytes: 0, actors: new Set(), unsavedFrom: null }));
    return entry;
  };
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
    const now = Date.now();
    const whole: Array<{ key: string; room: RoomProjection }> = [];
    const partial: Array<{ key: string; room: RoomProjection; actorIds: string[] }> = [];
    // Rooms changed since their last whole write, this flush's changes or older ones.
    const changed = new Set([...dirty, ...[...writes].filter(([, entry]) => entry.unsavedFrom !== null).map(([key]) => key)]);
    for (const key of changed) {
      const [tenantId, roomId] = JSON.parse(key) as [string, string];
      const room = await cache.get(tenantId, roomId);
      const entry = writesOf(key);
      const full = decideFullWrite({ now, lastFullAt: entry.fullAt, lastFullBytes: entry.fullBytes, bytesPerSecond: fullWriteBytesPerSecond, maxAgeMs: store.maxPartialAgeMs, stopping });
      if (full) whole.push({ key, room });
      else if (dirty.has(key)) partial.push({ key, room, actorIds: [...entry.actors] });
    }
    const written = new Set(whole.map(({ key }) => key));
    const checkpoint = Math.max(appliedThrough, flushed ?? 0);
    // A restart must refold every event a room's stored fold state lacks.
    let resumeFrom = checkpoint;
    for (const [key, entry] of writes) {
      if (entry.unsavedFrom !== null && !written.has(key)) resumeFrom = Math.min(resumeFrom, entry.unsavedFrom - 1);
    }
    const result = await store.flush({
      rooms: whole.map(({ room }) => room),
      partialRooms: partial.map(({ room, actorIds }) => ({ room, actorIds })),
      events: pendingEvents,
      checkpoint,
      resumeFrom,
      expectedCheckpoint: flushed,
    });
    if (!result.ok) {
      counters.lastError = `read models changed underneath (stored checkpoint ${String(result.found)}, expected ${String(flushed)}): resynchronising`;
      logger.warn(counters.lastError);
      void resync();
      throw new ResyncNeeded(counters.lastError);
    }
    flushed = checkpoint;
    for (const { key } of whole) {
      const entry = writesOf(key);
      entry.fullAt = now;
      entry.fullBytes = result.fullBytes.get(key) ?? 0;
      entry.unsavedFrom = null;
    }
    for (const key of dirty) writesOf(key).actors.clear();
    dirty.clear();
    pendingEvents = [];
    pendingCount = 0;
    pendingSince = null;
    counters.flushes += 1;
    lastFlushEnd = Date.now();
    counters.lastFlushAt = new Date(lastFlushEnd).toISOString();
    // A room whose fold state is not stored whole yet lives only here: never forget it.
    cache.trim(new Set([...writes].filter(([, entry]) => entry.unsavedFrom !== null).map(([key]) => key)));
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
          const key = toRoomCacheKey(event.tenantId, event.roomId);
          dirty.add(key);
          const entry = writesOf(key);
          // The fold changes no actor but the event's own (room-projection/fold-room-event.ts).
          entry.actors.add(event.actorId);
          entry.unsavedFrom ??= event.sequence;
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
    if (options.readIdentity) {
      const claimed = await store.claim(await options.readIdentity());
      if (claimed === 'replaced') logger.warn('the read-model keyspace held another database\'s read models: cleared, rebuilding from the log');
    }
    flushed = await store.readCheckpoint();
    // Rooms written in part since their last whole write are refolded from the resume
    // position; the fold skips what a room already holds, the streams what they already have.
    appliedThrough = (await store.readResumePosition()) ?? flushed ?? options.startCursor;
    consumer = options.transport.consume(
      { group: options.group ?? 'projector', consumer: options.consumerName, after: appliedThrough },
      handle,
    );
    logger.info('projector consuming', { after: appliedThrough, store: store.kind });
  };

  const resetMemory = () => {
    cache.clear();
    dirty.clear();
    writes.clear();
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
