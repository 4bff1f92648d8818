import { CafeError, type NewEvent } from '@cafe/shared';

/**
 * Refuses events whose serialised payload is larger than `maxBytes`, with 413
 * ERR_PAYLOAD_TOO_LARGE (the catalogue's code for "too large", docs/errors.md). The body
 * limit alone lets a client store a megabyte of free-form metadata in every event, which every
 * reader, ring and SSE frame then carries.
 */
export function assertEventPayloadsWithin(events: readonly NewEvent[], maxBytes: number): void {
  for (const event of events) {
    const bytes = Buffer.byteLength(JSON.stringify(event.payload));
    if (bytes > maxBytes) {
      throw new CafeError('ERR_PAYLOAD_TOO_LARGE', `Event payload too large (limit ${maxBytes} bytes)`, { maxBytes, eventType: event.type, bytes });
    }
  }
}
