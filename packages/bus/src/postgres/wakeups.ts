import type { Sql } from '@cafe/db';

/** The channel `cafe_append_events` notifies at every commit that appended events. */
export const EVENTS_CHANNEL = 'cafe_events';

export interface Wakeups {
  close(): Promise<void>;
}

/**
 * Calls `onWake` whenever events were committed. postgres.js keeps the LISTEN connection
 * alive and re-listens after a reconnect; `onWake` runs then too, because notifications sent
 * while the connection was down are lost and the caller must re-read. A failed first LISTEN
 * is retried; until then the caller's polling fallback carries delivery.
 */
export function listenForAppends(sql: Sql, onWake: () => void, onError: (error: Error) => void, retryMs = 2000): Wakeups {
  let closed = false;
  let handle: { unlisten(): Promise<void> } | null = null;
  let timer: NodeJS.Timeout | undefined;

  const attempt = () => {
    sql.listen(EVENTS_CHANNEL, () => onWake(), () => onWake()).then(
      (listening) => {
        if (closed) void listening.unlisten().catch(() => {});
        else handle = listening;
      },
      (error: Error) => {
        onError(error);
        if (!closed) timer = setTimeout(attempt, retryMs);
      },
    );
  };
  attempt();

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await handle?.unlisten().catch(() => {});
    },
  };
}
