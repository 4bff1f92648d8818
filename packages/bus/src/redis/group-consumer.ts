import type { Redis } from 'ioredis';
import type { EventEnvelope } from '@cafe/shared';
import type { ConsumeHandler } from '../port';
import { markFeedFailed, markFeedRead, type FeedStatus } from '../live/feed-status';
import type { ReadAfter } from '../live/pull';
import { pullThroughHandler, type ConsumerCursor } from '../live/pull-through';
import { chooseTailWait, type HasUnsettled } from '../live/settle-backoff';
import type { WakeSignal } from '../live/wake-signal';
import { waitForRedisReady } from './client';
import { checkChain, parseStreamEntry, parseStreamId, toStreamId } from './stream-entry';

export interface GroupConsumerOptions {
  /** A client used only by this consumer (XREADGROUP BLOCK holds its connection). */
  redis: Redis;
  streamKey: string;
  group: string;
  consumer: string;
  read: ReadAfter;
  hasUnsettled: HasUnsettled;
  cursor: ConsumerCursor;
  handler: ConsumeHandler;
  wake: WakeSignal;
  pollMs: number;
  batchSize: number;
  blockMs: number;
  stallMs: number;
  /**
   * Pending entries idle this long are claimed from other consumers (XAUTOCLAIM). The
   * projector runs one active consumer per group (leader lock), so it claims at once.
   */
  claimIdleMs: number;
  status: FeedStatus;
  onError(error: Error): void;
  signal: AbortSignal;
}

type RawEntry = [string, string[]];

function isNoGroup(error: unknown): boolean {
  return /NOGROUP/i.test((error as Error).message ?? '');
}

async function ensureGroup(options: GroupConsumerOptions): Promise<void> {
  try {
    await options.redis.xgroup('CREATE', options.streamKey, options.group, toStreamId(options.cursor.position), 'MKSTREAM');
  } catch (error) {
    if (!/BUSYGROUP/i.test((error as Error).message)) throw error;
  }
}

/** Claims every pending entry of the group that is idle long enough, oldest first. */
async function claimPending(options: GroupConsumerOptions): Promise<RawEntry[]> {
  const claimed: RawEntry[] = [];
  let start = '0-0';
  for (let round = 0; round < 10_000; round += 1) {
    const reply = (await options.redis.xautoclaim(
      options.streamKey,
      options.group,
      options.consumer,
      options.claimIdleMs,
      start,
      'COUNT',
      options.batchSize,
    )) as [string, Array<RawEntry | null>, string[]?];
    for (const item of reply[1] ?? []) if (item) claimed.push(item);
    start = reply[0];
    if (start === '0-0') break;
  }
  return claimed.sort((a, b) => parseStreamId(a[0]) - parseStreamId(b[0]));
}

/**
 * Handles stream entries in order: already-handled ones are skipped, a range the stream does
 * not hold is read from Postgres, and every entry is acknowledged only after the handler
 * resolved for it.
 */
async function handleEntries(options: GroupConsumerOptions, items: RawEntry[]): Promise<number> {
  const { cursor, handler } = options;
  let pending: EventEnvelope[] = [];
  let handled = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    await handler(pending);
    cursor.position = pending[pending.length - 1]!.sequence;
    handled += pending.length;
    pending = [];
  };
  for (const [id, fields] of items) {
    const entry = parseStreamEntry(id, fields);
    if (!entry) continue;
    const position = pending.length > 0 ? pending[pending.length - 1]!.sequence : cursor.position;
    const step = checkChain(position, entry);
    if (step.kind === 'skip') continue;
    if (step.kind === 'gap') {
      await flush();
      handled += await pullThroughHandler(options.read, cursor, handler, options.batchSize, step.upTo);
      if (entry.sequence <= cursor.position) continue;
    }
    pending.push(entry.event);
  }
  await flush();
  if (items.length > 0) await options.redis.xack(options.streamKey, options.group, ...items.map(([id]) => id));
  return handled;
}

/**
 * A worker consumer on the global stream with a consumer group: XREADGROUP, XACK after the
 * handler, XAUTOCLAIM of entries left pending by a crashed consumer. Gaps in the stream
 * (trimmed, Redis wiped) and Redis outages are covered from Postgres; entries at or below the
 * consumer's cursor are acknowledged without calling the handler, so redeliveries are harmless.
 */
export async function runGroupConsumer(options: GroupConsumerOptions): Promise<void> {
  const { redis, signal, status } = options;
  let needGroup = true;
  let recover = true;
  // A fresh client is still connecting: give it a moment before falling back to Postgres.
  await waitForRedisReady(redis, 2000);
  let lastProgressAt = Date.now();
  let shortWait = 0;
  while (!signal.aborted) {
    try {
      if (redis.status !== 'ready') throw new Error(`Redis is ${redis.status}`);
      if (needGroup) {
        await ensureGroup(options);
        needGroup = false;
      }
      let items: RawEntry[];
      if (recover) {
        items = await claimPending(options);
        recover = false;
      } else {
        const reply = (await redis.xreadgroup(
          'GROUP',
          options.group,
          options.consumer,
          'COUNT',
          options.batchSize,
          'BLOCK',
          options.blockMs,
          'STREAMS',
          options.streamKey,
          '>',
        )) as Array<[string, RawEntry[]]> | null;
        items = reply?.[0]?.[1] ?? [];
      }
      markFeedRead(status, 'redis');
      if ((await handleEntries(options, items)) > 0) lastProgressAt = Date.now();
      else if (items.length === 0 && Date.now() - lastProgressAt >= options.stallMs) {
        // The stream is not moving (no relay?): make sure Postgres has nothing newer.
        await pullThroughHandler(options.read, options.cursor, options.handler, options.batchSize);
        lastProgressAt = Date.now();
      }
      continue;
    } catch (error) {
      recover = true;
      if (isNoGroup(error)) {
        needGroup = true;
        continue;
      }
      markFeedFailed(status, error as Error);
      options.onError(error as Error);
    }
    if (signal.aborted) break;
    // Redis unavailable (or the handler failed): serve from Postgres, then try Redis again.
    try {
      await pullThroughHandler(options.read, options.cursor, options.handler, options.batchSize);
      markFeedRead(status, 'postgres');
    } catch (error) {
      markFeedFailed(status, error as Error);
      options.onError(error as Error);
    }
    shortWait = await chooseTailWait(options.hasUnsettled, options.cursor.position, shortWait, options.pollMs);
    await options.wake.wait(shortWait || options.pollMs, signal);
  }
}
