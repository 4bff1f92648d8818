import type { EventEnvelope } from '@cafe/shared';
import type { DeliveryPhase, EventTransport, Subscription } from '@cafe/bus';
import { decideWrite, shouldAwaitDrain } from './buffer-policy';
import { formatEventFrame, formatHeartbeatFrame, formatReadyFrame, formatSnapshotFrame } from './frames';
import type { StreamRequest } from './stream-request';

/** Where a session writes: the HTTP response, seen through what the buffer policy needs. */
export interface SessionSink {
  /** A frame: text, or bytes shared by every client (live events). */
  write(chunk: string | Buffer): void;
  /** Bytes queued but not yet sent to the client. */
  readonly writableLength: number;
  /** Resolves true once the queue drained, false after `timeoutMs` or when the sink closed. */
  waitForDrain(timeoutMs: number): Promise<boolean>;
  /** Ends the response (normal close) or destroys it (a dropped client). */
  close(mode: 'end' | 'destroy'): void;
}

export type CloseReason = 'client-closed' | 'slow-client' | 'server-closing';

export interface ClientSessionOptions {
  request: StreamRequest;
  requestId: string;
  transport: Pick<EventTransport, 'subscribe' | 'status'>;
  sink: SessionSink;
  /** REALTIME_CLIENT_BUFFER_BYTES. */
  bufferBytes: number;
  /** How long a replaying client may stall before it is dropped. */
  stallMs: number;
  onClose(reason: CloseReason): void;
}

export interface ClientSession {
  readonly request: StreamRequest;
  /** The last sequence written to this client. */
  readonly lastWritten: number;
  readonly closed: boolean;
  heartbeat(now: number): void;
  close(reason: CloseReason): void;
}

/**
 * One SSE client of `GET /v1/stream` (docs/streams.md#the-realtime-stream): snapshot frame, then the
 * first `limit` pending events, `ready` (with `truncated` when more were pending), then the
 * rest of the backlog and live events, heartbeats in between. The transport subscription is
 * opened before replay, so nothing that commits meanwhile is lost, and it goes on
 * after a truncated replay, so the stream never skips an event: a client that
 * reconnects with its Last-Event-ID continues exactly where it stopped.
 */
export function openClientSession(options: ClientSessionOptions): ClientSession {
  const { request, sink } = options;
  let lastWritten = request.cursor;
  let replayed = 0;
  let ready = false;
  let closed = false;
  let subscription: Subscription | null = null;

  const close = (reason: CloseReason) => {
    if (closed) return;
    closed = true;
    subscription?.close();
    sink.close(reason === 'slow-client' ? 'destroy' : 'end');
    options.onClose(reason);
  };

  const write = (chunk: string | Buffer): boolean => {
    if (closed) return false;
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (decideWrite(sink.writableLength, bytes, options.bufferBytes) === 'drop') {
      close('slow-client');
      return false;
    }
    sink.write(chunk);
    return true;
  };

  const writeReady = (truncated: boolean) => {
    ready = true;
    write(formatReadyFrame(request, replayed, options.requestId, truncated));
  };

  const awaitDrain = async () => {
    if (!(await sink.waitForDrain(options.stallMs))) close('slow-client');
  };

  // Synchronous unless a replay page must wait: a live batch to a thousand clients then costs
  // no promise per client (the subscription only chains on a returned promise).
  const onEvents = (events: EventEnvelope[], phase: DeliveryPhase): void | Promise<void> => {
    for (const event of events) {
      if (closed) return;
      if (event.sequence <= lastWritten) continue;
      if (!ready && replayed === request.limit) writeReady(true);
      if (!write(formatEventFrame(event))) return;
      lastWritten = event.sequence;
      if (!ready) replayed += 1;
    }
    // Replay pages wait for a slow reader instead of filling its buffer; live batches never wait.
    if (phase === 'catch-up' && !closed && shouldAwaitDrain(sink.writableLength, options.bufferBytes)) return awaitDrain();
  };

  const source = options.transport.status();
  write(formatSnapshotFrame(request, { lastCursor: source.position, connected: source.connected }));
  if (!closed) {
    subscription = options.transport.subscribe(
      {
        after: request.cursor,
        filter: { tenantId: request.tenantId, roomId: request.roomId, actorId: request.actorId ?? undefined, types: request.types },
        pageSize: request.limit,
      },
      {
        onEvents,
        onCaughtUp: () => {
          if (!ready) writeReady(false);
        },
      },
    );
  }

  return {
    request,
    get lastWritten() {
      return lastWritten;
    },
    get closed() {
      return closed;
    },
    heartbeat(now) {
      write(formatHeartbeatFrame(lastWritten, now));
    },
    close,
  };
}
