/** Health of one live feed, reported by `transport.status()`. */
export interface FeedStatus {
  source: 'redis' | 'postgres';
  connected: boolean;
  reconnects: number;
  lastError: string | null;
  /** True once a read has succeeded since the feed last failed (for counting reconnects). */
  everConnected: boolean;
}

/** A fresh feed status. */
export function createFeedStatus(source: FeedStatus['source']): FeedStatus {
  return { source, connected: false, reconnects: 0, lastError: null, everConnected: false };
}

/**
 * Records a successful read from `source`; a recovery after a failure counts a reconnect
 * (switching to the Postgres fallback after a Redis failure is one).
 */
export function markFeedRead(status: FeedStatus, source: FeedStatus['source']): void {
  if (status.everConnected && !status.connected) status.reconnects += 1;
  status.connected = true;
  status.everConnected = true;
  status.source = source;
}

/** Records a failed read. */
export function markFeedFailed(status: FeedStatus, error: Error): void {
  status.connected = false;
  status.lastError = error.message;
}
