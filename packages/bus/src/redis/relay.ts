import type { Redis } from 'ioredis';
import type { Sql } from '@cafe/db';
import { hasUnsettledEvents, readLogHead, readLogPage } from '../postgres/event-log';
import { chooseTailWait } from '../live/settle-backoff';
import { runAsLeader, type LeaderLock } from '../postgres/leader-lock';
import { createWakeSignal, sleep } from '../live/wake-signal';
import type { RelayStatus } from '../port';
import { publishEvents, readStreamTop } from './publish';

export interface RelayOptions {
  sql: Sql;
  redis: Redis;
  streamKey: string;
  maxLen: number;
  batchSize: number;
  pollMs: number;
  retryMs: number;
  onError(error: Error): void;
}

export interface Relay {
  /** Call on every commit notification. */
  wake(): void;
  status(): RelayStatus;
  stop(): Promise<void>;
}

/**
 * The outbox relay: tails the settled log and appends it to the global Redis stream with ids
 * `<sequence>-0`. Its checkpoint is the stream itself (the last generated id), so a crash or a
 * Redis outage simply resumes; events committed meanwhile are published on recovery. Every
 * process that opens a Redis transport runs a candidate; a Postgres advisory lock makes one
 * of them the active relay per stream.
 */
export function startRelay(options: RelayOptions): Relay {
  const wakeSignal = createWakeSignal();
  const status: RelayStatus = { leader: false, position: 0, lastError: null };
  let lock: LeaderLock | null = null;
  let known: number | null = null;

  const fail = (error: Error) => {
    status.lastError = error.message;
    options.onError(error);
  };

  const lead = async (signal: AbortSignal) => {
    status.leader = true;
    let position: number | null = null;
    let shortWait = 0;
    try {
      while (!signal.aborted) {
        try {
          if (position === null) {
            // Resume from the stream; a missing stream (new or wiped Redis) starts from what
            // this process last published, else from a window before the head: readers
            // fetch anything older from Postgres through the `prev` link.
            const top = await readStreamTop(options.redis, options.streamKey);
            position = top ?? known ?? Math.max(0, (await readLogHead(options.sql)) - options.maxLen);
          }
          const events = await readLogPage(options.sql, position, undefined, options.batchSize);
          status.lastError = null;
          if (events.length > 0) {
            const result = await publishEvents(options.redis, options.streamKey, options.maxLen, position, events);
            position = result.last;
            known = position;
            status.position = position;
            if (events.length === options.batchSize) continue;
          }
          // Committed but unsettled events (an older transaction still open): look again soon.
          shortWait = await chooseTailWait((after) => hasUnsettledEvents(options.sql, after), position, shortWait, options.pollMs);
          await wakeSignal.wait(shortWait || options.pollMs, signal);
        } catch (error) {
          fail(error as Error);
          position = null;
          await sleep(options.retryMs, signal);
        }
      }
    } finally {
      status.leader = false;
    }
  };

  lock = runAsLeader(
    options.sql,
    { name: `cafe-bus-relay:${options.streamKey}`, retryMs: 1000, checkMs: 2000, onError: fail },
    lead,
  );

  return {
    wake: () => wakeSignal.wake(),
    status: () => ({ ...status }),
    async stop() {
      await lock?.stop();
    },
  };
}
