import { toSuccessEnvelope } from '@cafe/shared';

/** Pages remembered per process (least recently used forgotten first). */
export const SETTLED_PAGE_CACHE_ENTRIES = 2_000;
/** Total characters of the remembered response bodies, per process. */
export const SETTLED_PAGE_CACHE_CHARS = 16 * 1024 * 1024;
/** Larger pages (up to 5,000 events) are read from Postgres every time. */
export const MAX_CACHED_PAGE_CHARS = 256 * 1024;

/** What a page read returns: the response data, and whether the page is full (as many items as its limit). */
export interface PageRead<T> {
  data: T;
  full: boolean;
}

export interface SettledPageCache {
  /**
   * The response body (`{ ok: true, data }` as JSON) of an ascending page of the event log:
   * remembered when `key` is given and an earlier read of it was full, else read with `read`
   * (and remembered when that page is full). `key` must name everything the body depends on.
   */
  serve<T>(key: string | null, read: () => Promise<PageRead<T>>): Promise<string>;
  readonly size: number;
}

/**
 * Full ascending pages of the event log, serialised once. Why a full page never changes: the
 * log only shows events below the settled horizon, and appends take their sequence and
 * transaction id together under one lock, so once an event with sequence S is visible, every
 * event that will ever have a sequence below S is already visible or was rolled back (the
 * rule readers resuming from a cursor rely on, docs/cursors.md#the-event-sequence). A page of the first `limit`
 * matching events after a cursor that holds `limit` events therefore reads the same forever —
 * events are never updated or deleted — and a reader is never shown less than Postgres would
 * show it. A page that is not full can still grow and is always read from Postgres.
 */
export function createSettledPageCache(maxEntries = SETTLED_PAGE_CACHE_ENTRIES, maxChars = SETTLED_PAGE_CACHE_CHARS): SettledPageCache {
  const bodies = new Map<string, string>();
  let chars = 0;

  const remember = (key: string, body: string) => {
    if (body.length > MAX_CACHED_PAGE_CHARS || maxEntries <= 0) return;
    const previous = bodies.get(key);
    if (previous !== undefined) {
      bodies.delete(key);
      chars -= previous.length;
    }
    bodies.set(key, body);
    chars += body.length;
    while (bodies.size > maxEntries || chars > maxChars) {
      const [oldestKey, oldestBody] = bodies.entries().next().value!;
      bodies.delete(oldestKey);
      chars -= oldestBody.length;
    }
  };

  return {
    async serve(key, read) {
      if (key !== null) {
        const body = bodies.get(key);
        if (body !== undefined) {
          // Most recently used last, so the oldest entry is the one to forget.
          bodies.delete(key);
          bodies.set(key, body);
          return body;
        }
      }
      const page = await read();
      const body = JSON.stringify(toSuccessEnvelope(page.data));
      if (key !== null && page.full) remember(key, body);
      return body;
    },
    get size() {
      return bodies.size;
    },
  };
}
