import type { Redis } from 'ioredis';
import type { EventEnvelope } from '@cafe/shared';
import type { LiveHub } from '../live/hub';
import { markFeedFailed, markFeedRead, type FeedStatus } from '../live/feed-status';
import { pullIntoHub, type ReadAfter } from '../live/pull';
import { chooseTailWait, type HasUnsettled } from '../live/settle-backoff';
import type { WakeSignal } from '../live/wake-signal';
import { waitForRedisReady } from './client';
import { checkChain, parseStreamEntry, toStreamId } from './stream-entry';

export interface RedisFeedOptions {
  /** A client used only by this feed (XREAD BLOCK holds its connection). */
  redis: Redis;
  streamKey: string;
  read: ReadAfter;
  hasUnsettled: HasUnsettled;
  hub: LiveHub;
  wake: WakeSignal;
  pollMs: number;
  batchSize: number;
  /** XREAD block time; also the cadence of the stalled-relay check. */
  blockMs: number;
  /** With no stream progress for this long, Postgres is checked directly. */
  stallMs: number;
  status: FeedStatus;
  onError(error: Error): void;
  signal: AbortSignal;
}

/**
 * Applies one XREAD reply to the hub: entries in order, skipping what the hub has, and
 * fetching from Postgres any range the stream does not hold (its `prev` link says so).
 */
async function applyEntries(options: RedisFeedOptions, items: [string, string[]][]): Promise<number> {
  const { hub } = options;
  let pending: EventEnvelope[] = [];
  let delivered = 0;
  const flush = () => {
    hub.deliver(pending);
    delivered += pending.length;
    pending = [];
  };
  for (const [id, fields] of items) {
    const entry = parseStreamEntry(id, fields);
    if (!entry) continue;
    const position = pending.length > 0 ? pending[pending.length - 1]!.sequence : hub.position;
    const step = checkChain(position, entry);
    if (step.kind === 'skip') continue;
    if (step.kind === 'gap') {
      flush();
      delivered += await pullIntoHub(options.read, hub, options.batchSize, step.upTo);
      if (entry.sequence <= hub.position) continue;
    }
    pending.push(entry.event);
  }
  flush();
  return delivered;
}

/**
 * The Redis live feed of one process: XREAD on the global stream from the hub's position (no
 * consumer group: every instance reads everything). While Redis is unreachable it tails
 * Postgres instead, and it also checks Postgres when the stream stops moving (a relay that is
 * down), so delivery never depends on Redis alone. The hub drops anything already delivered.
 */
export async function runRedisFeed(options: RedisFeedOptions): Promise<void> {
  const { redis, hub, status, signal } = options;
  // A fresh client is still connecting: give it a moment before falling back to Postgres.
  await waitForRedisReady(redis, 2000);
  let lastProgressAt = Date.now();
  let shortWait = 0;
  const pullFromPostgres = async () => {
    await pullIntoHub(options.read, hub, options.batchSize);
    lastProgressAt = Date.now();
  };
  while (!signal.aborted) {
    if (redis.status === 'ready') {
      try {
        const reply = await redis.xread(
          'COUNT',
          options.batchSize,
          'BLOCK',
          options.blockMs,
          'STREAMS',
          options.streamKey,
          toStreamId(hub.position),
        );
        markFeedRead(status, 'redis');
        if (reply && reply[0]) {
          if ((await applyEntries(options, reply[0][1])) > 0) lastProgressAt = Date.now();
        } else if (Date.now() - lastProgressAt >= options.stallMs) {
          await pullFromPostgres();
        }
        continue;
      } catch (error) {
        markFeedFailed(status, error as Error);
        options.onError(error as Error);
      }
    }
    try {
      await pullFromPostgres();
      markFeedRead(status, 'postgres');
    } catch (error) {
      markFeedFailed(status, error as Error);
      options.onError(error as Error);
    }
    shortWait = await chooseTailWait(options.hasUnsettled, hub.position, shortWait, options.pollMs);
    await options.wake.wait(shortWait || options.pollMs, signal);
  }
}
