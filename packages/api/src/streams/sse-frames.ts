import type { EventEnvelope } from '@cafe/shared';

/** One SSE frame: optional id, optional event name, a single compact `data:` line (docs/streams.md#frames). */
export function formatSseFrame(frame: { id?: number | string; event?: string; data: unknown }): string {
  let text = '';
  if (frame.id !== undefined) text += `id: ${frame.id}\n`;
  if (frame.event !== undefined) text += `event: ${frame.event}\n`;
  return `${text}data: ${JSON.stringify(frame.data)}\n\n`;
}

/** An event frame: `id` = sequence, `event` = raw type, data = the full envelope. */
export function formatEventFrame(event: EventEnvelope): string {
  return formatSseFrame({ id: event.sequence, event: event.type, data: event });
}

/** The effective resume cursor: `max(cursor, Last-Event-ID)` when the header is numeric (docs/streams.md#resume). */
export function resolveResumeCursor(cursor: number, lastEventId: string | undefined): number {
  const header = lastEventId?.trim();
  if (!header || !/^\d+$/.test(header)) return cursor;
  const parsed = Number(header);
  return Number.isSafeInteger(parsed) ? Math.max(cursor, parsed) : cursor;
}
