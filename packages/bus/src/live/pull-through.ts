import type { ConsumeHandler } from '../port';
import type { ReadAfter } from './pull';

/** A worker consumer's position, advanced only after its handler resolved. */
export interface ConsumerCursor {
  position: number;
}

/**
 * Feeds settled events after the cursor to a worker handler, page by page (or only up to
 * `upTo`, a gap in the Redis stream). The cursor moves after each resolved page, so a failed
 * page is read again next time. Returns how many events were handled.
 */
export async function pullThroughHandler(
  read: ReadAfter,
  cursor: ConsumerCursor,
  handler: ConsumeHandler,
  batchSize: number,
  upTo = Number.POSITIVE_INFINITY,
): Promise<number> {
  let total = 0;
  while (cursor.position < upTo) {
    const page = await read(cursor.position, batchSize);
    const wanted = page.filter((event) => event.sequence <= upTo);
    if (wanted.length === 0) break;
    await handler(wanted);
    cursor.position = wanted[wanted.length - 1]!.sequence;
    total += wanted.length;
    if (page.length < batchSize || wanted.length < page.length) break;
  }
  return total;
}
