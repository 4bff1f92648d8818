import type { LiveHub } from './hub';
import { markFeedFailed, markFeedRead, type FeedStatus } from './feed-status';
import { pullIntoHub, type ReadAfter } from './pull';
import { chooseTailWait, type HasUnsettled } from './settle-backoff';
import type { WakeSignal } from './wake-signal';

export interface PostgresFeedOptions {
  read: ReadAfter;
  hasUnsettled: HasUnsettled;
  hub: LiveHub;
  wake: WakeSignal;
  pollMs: number;
  batchSize: number;
  status: FeedStatus;
  onError(error: Error): void;
  signal: AbortSignal;
}

/**
 * The Postgres-only live feed: tails the settled log into the hub, woken by commit
 * notifications, polling every `pollMs` as a fallback. A notified commit is not readable
 * until every older transaction on the server has finished (the horizon is cluster-wide and
 * their notifications may go to other databases), so while committed events wait to settle
 * the feed re-reads after a few milliseconds instead of waiting for the poll.
 */
export async function runPostgresFeed(options: PostgresFeedOptions): Promise<void> {
  const { read, hub, status, signal } = options;
  let shortWait = 0;
  while (!signal.aborted) {
    try {
      await pullIntoHub(read, hub, options.batchSize);
      markFeedRead(status, 'postgres');
    } catch (error) {
      markFeedFailed(status, error as Error);
      options.onError(error as Error);
    }
    shortWait = await chooseTailWait(options.hasUnsettled, hub.position, shortWait, options.pollMs);
    await options.wake.wait(shortWait || options.pollMs, signal);
  }
}
