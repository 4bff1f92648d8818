import type { ServerResponse } from 'node:http';
import { CafeError } from '@cafe/shared';

/** One admitted market-events stream, from the moment it is admitted (before its setup) to its end. */
export interface OpenStream {
  /** True once the client left or the stream was ended; setup checks it after every wait. */
  readonly closed: boolean;
  /** Resolves when the stream has closed. */
  readonly done: Promise<void>;
  /** Runs `cleanup` when the stream closes, or at once when it already has. */
  onClose(cleanup: () => void): void;
  /** What the registry's heartbeat timer calls for this stream (at most one; the last wins). */
  setHeartbeat(beat: (now: number) => void): void;
  /** Runs the cleanups and ends the response once it has started (or lost its client). Idempotent. */
  close(): void;
}

export interface StreamRegistry {
  /** Streams admitted and not closed yet, those still being set up included. */
  readonly clients: number;
  readonly maxClients: number;
  /** Whether the shared heartbeat timer runs (only while a stream is open). */
  readonly heartbeatRunning: boolean;
  /**
   * Admits a stream over `res`, or throws the 503 of a full instance. Call it before the first
   * wait of the setup: the stream then closes when the client leaves, however early.
   */
  open(res: ServerResponse): OpenStream;
  /** Ends every stream (shutdown): clients resume elsewhere with their Last-Event-ID. */
  closeAll(): void;
}

/** The 503 sent when API_STREAM_MAX_CLIENTS streams are open: a clear reason, and when to try again. */
export function createStreamCapacityError(maxClients: number): CafeError {
  return new CafeError('ERR_RATE_LIMITED', 'API stream client limit reached', { reasonCode: 'API_STREAM_MAX_CLIENTS', maxClients, retryAfterSeconds: 1 }, 503);
}

/**
 * The market-events streams of this process (docs/streams.md#limits-and-disconnects): the
 * cap, and one heartbeat timer for all of them. A stream is registered when it is admitted,
 * before its setup waits on Postgres, and listens for its client leaving from then on, so a
 * client that leaves mid-setup can never leave a subscription or a timer behind.
 */
export function createStreamRegistry(options: { maxClients: number; heartbeatMs: number }): StreamRegistry {
  const streams = new Set<{ beat?: (now: number) => void; close(): void }>();
  let timer: NodeJS.Timeout | null = null;

  const beatAll = () => {
    const now = Date.now();
    for (const stream of [...streams]) stream.beat?.(now);
  };
  const startTimer = () => {
    if (timer) return;
    timer = setInterval(beatAll, options.heartbeatMs);
    timer.unref();
  };
  const stopTimerWhenIdle = () => {
    if (streams.size > 0 || !timer) return;
    clearInterval(timer);
    timer = null;
  };

  return {
    get clients() {
      return streams.size;
    },
    maxClients: options.maxClients,
    get heartbeatRunning() {
      return timer !== null;
    },
    open(res) {
      if (streams.size >= options.maxClients) throw createStreamCapacityError(options.maxClients);
      let closed = false;
      let resolveDone!: () => void;
      const done = new Promise<void>((resolve) => (resolveDone = resolve));
      const cleanups: (() => void)[] = [];
      const entry: { beat?: (now: number) => void; close(): void } = {
        close() {
          if (closed) return;
          closed = true;
          streams.delete(entry);
          stopTimerWhenIdle();
          res.off('close', entry.close);
          // End a stream that started, or a response whose client left (so nothing else answers
          // it); a response that never started stays open for the error handler.
          if (!res.writableEnded && (res.headersSent || res.destroyed)) res.end();
          for (const cleanup of cleanups.splice(0)) cleanup();
          resolveDone();
        },
      };
      streams.add(entry);
      startTimer();
      res.once('close', entry.close);
      // The client may be gone already (it left while auth or the rate limit were checked).
      if (res.destroyed || res.writableEnded) entry.close();
      return {
        get closed() {
          return closed;
        },
        done,
        onClose(cleanup) {
          if (closed) cleanup();
          else cleanups.push(cleanup);
        },
        setHeartbeat(beat) {
          entry.beat = beat;
        },
        close: entry.close,
      };
    },
    closeAll() {
      for (const stream of [...streams]) stream.close();
    },
  };
}
