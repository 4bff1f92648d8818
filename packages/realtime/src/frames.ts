import type { EventEnvelope } from '@cafe/shared';
import type { StreamRequest } from './stream-request';

/** One SSE frame: optional `id:`, optional `event:`, one `data:` line of compact JSON, blank line. */
export function formatSseFrame(frame: { id?: number; event?: string; data: unknown }): string {
  let text = '';
  if (frame.id !== undefined) text += `id: ${frame.id}\n`;
  if (frame.event !== undefined) text += `event: ${frame.event}\n`;
  return `${text}data: ${JSON.stringify(frame.data)}\n\n`;
}

// Live events reach every client as the same object: serialise and UTF-8 encode each once,
// then hand the same bytes to every socket (a string would be encoded again per client).
const eventFrames = new WeakMap<EventEnvelope, Buffer>();

/** The frame of one event (`id:` sequence, `event:` type, the full envelope) as bytes, cached per event. */
export function formatEventFrame(event: EventEnvelope): Buffer {
  let frame = eventFrames.get(event);
  if (frame === undefined) {
    frame = Buffer.from(formatSseFrame({ id: event.sequence, event: event.type, data: event }));
    eventFrames.set(event, frame);
  }
  return frame;
}

/** Frame 1 of docs/streams.md#the-realtime-stream: stream metadata (not room state); `lastCursor` is the service's live position. */
export function formatSnapshotFrame(request: StreamRequest, source: { lastCursor: number; connected: boolean }): string {
  return formatSseFrame({
    event: 'snapshot',
    data: {
      tenantId: request.tenantId,
      roomId: request.roomId,
      actorId: request.actorId,
      types: request.types,
      lastCursor: source.lastCursor,
      sourceConnected: source.connected,
    },
  });
}

/** The `ready` frame after replay; `truncated` only when more events were pending than `limit`. */
export function formatReadyFrame(request: StreamRequest, replayed: number, requestId: string, truncated: boolean): string {
  const data: Record<string, unknown> = { tenantId: request.tenantId, roomId: request.roomId, replayed, requestId };
  if (truncated) data.truncated = true;
  return formatSseFrame({ event: 'ready', data });
}

/** Heartbeat: epoch milliseconds and the last sequence written to this client. */
export function formatHeartbeatFrame(cursor: number, now: number): string {
  return formatSseFrame({ event: 'heartbeat', data: { ts: now, cursor } });
}
