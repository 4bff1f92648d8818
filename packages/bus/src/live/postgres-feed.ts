import type { LiveHub } from './hub';
import { markFeedFailed, markFeedRead, type FeedStatus } from './feed-status';
import { pullIntoHub, type ReadAfter } from './pull';
import { sleep, type WakeSignal } from './wake-signal';

export interface PostgresFeedOptions {
  read: ReadAfter;
  hub: LiveHub;
  wake: WakeSignal;
  pollMs: number;
  batchSize: number;
  status: FeedStatus;
  onError(error: Error): void;
  signal: AbortSignal;
}

/** Short re-reads after a commit notification that found nothing new (see below). */
const RECHECK_DELAYS_MS = [20, 100];

/**
 * The Postgres-only live feed: tails the settled log into the hub, woken by commit
 * notifications, polling every `pollMs` as a fallback. A notification can arrive before its
 * events are settled (an older transaction is still open), hence the quick re-checks.
 */
export async function runPostgresFeed(options: PostgresFeedOptions): Promise<void> {
  const { read, hub, status, signal } = options;
  const pull = async () => {
    try {
      const count = await pullIntoHub(read, hub, options.batchSize);
      markFeedRead(status, 'postgres');
      return count;
    } catch (error) {
      markFeedFailed(status, error as Error);
      options.onError(error as Error);
      return -1;
    }
  };
  while (!signal.aborted) {
    await pull();
    const woken = await options.wake.wait(options.pollMs, signal);
    if (!woken || signal.aborted) continue;
    for (const delay of RECHECK_DELAYS_MS) {
      if ((await pull()) !== 0 || signal.aborted) break;
      await sleep(delay, signal);
    }
  }
}
