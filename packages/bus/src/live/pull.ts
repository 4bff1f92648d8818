import type { EventEnvelope } from '@cafe/shared';
import type { LiveHub } from './hub';

/** Reads settled events after a cursor (Postgres), ascending. */
export type ReadAfter = (after: number, limit: number) => Promise<EventEnvelope[]>;

/**
 * Delivers every settled event after the hub's position, page by page, or only up to `upTo`
 * when given (a gap in the Redis stream). Returns how many events were delivered.
 */
export async function pullIntoHub(read: ReadAfter, hub: LiveHub, batchSize: number, upTo = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  while (hub.position < upTo) {
    const page = await read(hub.position, batchSize);
    const wanted = page.filter((event) => event.sequence <= upTo);
    hub.deliver(wanted);
    total += wanted.length;
    if (page.length < batchSize || wanted.length < page.length) break;
  }
  return total;
}
