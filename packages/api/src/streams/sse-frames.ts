import type { EventEnvelope } from '@cafe/shared';

/** One SSE frame: optional id, optional event name, a single compact `data:` line (docs/streams.md#frames). */
export function formatSseFrame(frame: { id?: number | string; event?: string; data: unknown }): string {
  let text = '';
  if (frame.id !== undefined) text += `id: ${frame.id}\n`;
  if (frame.event !== undefined) text += `event: ${frame.event}\n`;
  return `${text}data: ${JSON.stringify(frame.data)}\n\n`;
}

// Every stream of this process gets the same envelope object from the transport: serialise and
// encode it once and hand the same bytes to each client.
const eventFrames = new WeakMap<EventEnvelope, Buffer>();

/** An event frame as bytes: `id` = sequence, `event` = raw type, data = the full envelope. */
export function formatEventFrame(event: EventEnvelope): Buffer {
  let frame = eventFrames.get(event);
  if (frame === undefined) {
    frame = Buffer.from(formatSseFrame({ id: event.sequence, event: event.type, data: event }));
    eventFrames.set(event, frame);
  }
  return frame;
}

/** The effective resume cursor: `max(cursor, Last-Event-ID)` when the header is numeric (docs/streams.md#resume). */
export function resolveResumeCursor(cursor: number, lastEventId: string | undefined): number {
  const header = lastEventId?.trim();
  if (!header || !/^\d+$/.test(header)) return cursor;
  const parsed = Number(header);
  return Number.isSafeInteger(parsed) ? Math.max(cursor, parsed) : cursor;
}
