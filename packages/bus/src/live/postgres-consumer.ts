import type { ConsumeHandler } from '../port';
import { markFeedFailed, markFeedRead, type FeedStatus } from './feed-status';
import type { ReadAfter } from './pull';
import { pullThroughHandler, type ConsumerCursor } from './pull-through';
import { sleep, type WakeSignal } from './wake-signal';

export interface PostgresConsumerOptions {
  read: ReadAfter;
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
 * checkpoint (kept by the worker), woken by commit notifications with a polling fallback.
 */
export async function runPostgresConsumer(options: PostgresConsumerOptions): Promise<void> {
  const { signal } = options;
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
    const woken = await options.wake.wait(options.pollMs, signal);
    // A notification may precede settlement (an older transaction still open): look again soon.
    if (woken && !signal.aborted) await sleep(20, signal);
  }
}
