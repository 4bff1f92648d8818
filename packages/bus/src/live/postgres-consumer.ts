import type { ConsumeHandler } from '../port';
import { markFeedFailed, markFeedRead, type FeedStatus } from './feed-status';
import type { ReadAfter } from './pull';
import { pullThroughHandler, type ConsumerCursor } from './pull-through';
import { chooseTailWait, type HasUnsettled } from './settle-backoff';
import { sleep, type WakeSignal } from './wake-signal';

export interface PostgresConsumerOptions {
  read: ReadAfter;
  hasUnsettled: HasUnsettled;
  cursor: ConsumerCursor;
  handler: ConsumeHandler;
  wake: WakeSignal;
  pollMs: number;
  batchSize: number;
  retryMs: number;
  status: FeedStatus;
  onError(error: Error): void;
  signal: AbortSignal;
}

/**
 * A worker consumer on Postgres alone: tails the settled log from the consumer's own
 * checkpoint (kept by the worker), woken by commit notifications with a polling fallback and
 * quick re-reads while committed events are still settling.
 */
export async function runPostgresConsumer(options: PostgresConsumerOptions): Promise<void> {
  const { signal } = options;
  let shortWait = 0;
  while (!signal.aborted) {
    try {
      const handled = await pullThroughHandler(options.read, options.cursor, options.handler, options.batchSize);
      markFeedRead(options.status, 'postgres');
      if (handled > 0) continue;
    } catch (error) {
      markFeedFailed(options.status, error as Error);
      options.onError(error as Error);
      await sleep(options.retryMs, signal);
      continue;
    }
    shortWait = await chooseTailWait(options.hasUnsettled, options.cursor.position, shortWait, options.pollMs);
    await options.wake.wait(shortWait || options.pollMs, signal);
  }
}
