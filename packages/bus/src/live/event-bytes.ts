import type { EventEnvelope } from '@cafe/shared';

// Every subscriber and the history of one process hold the same envelope objects: measure each
// once.
const sizes = new WeakMap<EventEnvelope, number>();

/**
 * The memory an event is charged for in the in-memory rings and buffers: the UTF-8 length of
 * its JSON, which grows with the payload as the object does (docs/operations.md#memory-bounds).
 */
export function measureEventBytes(event: EventEnvelope): number {
  let size = sizes.get(event);
  if (size === undefined) {
    size = Buffer.byteLength(JSON.stringify(event));
    sizes.set(event, size);
  }
  return size;
}
