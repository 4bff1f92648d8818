import { getQuery, getRequestHeader, setResponseHeader, type H3Event } from 'h3';
import { readTailStart } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import { getRequestId } from '@cafe/http';
import { openClientSession, type ClientSession } from './client-session';
import type { FanoutSlot } from './fanout';
import { createResponseSink } from './response-sink';
import type { RealtimeRuntime } from './runtime';
import { parseStreamRequest } from './stream-request';

/** A replaying client that does not take data for this long is dropped. */
const REPLAY_STALL_MS = 30_000;

/**
 * `GET /v1/stream`: holds a place in the fanout before anything is written (so a full instance
 * answers a 503 envelope), reads the fresh client's start, opens the SSE response and a client
 * session, and resolves when the stream ends. A client that leaves during the setup gives its
 * place back and leaves no session or subscription behind
 * (docs/streams.md#limits-and-disconnects).
 */
export async function serveStream(event: H3Event, runtime: RealtimeRuntime): Promise<void> {
  const { transport, fanout, env } = runtime;
  if (!transport) throw new CafeError('ERR_INTERNAL', 'Event source unavailable: DATABASE_URL is not set', {}, 503);
  const request = parseStreamRequest(getQuery(event), getRequestHeader(event, 'last-event-id'), env.REALTIME_DEFAULT_TENANT_ID);
  let slot: FanoutSlot;
  try {
    slot = fanout.reserve();
  } catch (error) {
    setResponseHeader(event, 'retry-after', 1);
    throw error;
  }
  const res = event.node.res;
  // Listen for the client leaving from the first wait on; a late 'close' listener never fires.
  const onSetupClose = () => slot.release();
  res.once('close', onSetupClose);
  try {
    // A fresh viewer is replayed the newest `limit` events, never the room's whole history.
    if (request.fresh && runtime.db.sql) {
      const filter = { tenantId: request.tenantId, roomId: request.roomId, actorId: request.actorId ?? undefined, types: request.types };
      request.cursor = await readTailStart(runtime.db.sql, filter, request.limit);
    }
  } catch (error) {
    slot.release();
    throw error;
  } finally {
    res.off('close', onSetupClose);
  }
  if (res.destroyed || res.writableEnded) {
    slot.release();
    // Nobody is listening; ending the response marks the request answered.
    if (!res.writableEnded) res.end();
    return;
  }
  const requestId = getRequestId(event);
  event.node.req.socket.setNoDelay(true);
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': requestId,
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  return new Promise<void>((resolve) => {
    const holder: { session?: ClientSession } = {};
    const session = openClientSession({
      request,
      requestId,
      transport,
      sink: createResponseSink(res),
      bufferBytes: env.REALTIME_CLIENT_BUFFER_BYTES,
      stallMs: REPLAY_STALL_MS,
      onClose: (reason) => {
        if (holder.session) fanout.remove(holder.session, reason);
        if (reason === 'slow-client') runtime.logger.info('dropped a client that stopped reading', { requestId, lastWritten: holder.session?.lastWritten });
        resolve();
      },
    });
    holder.session = session;
    // A session that closed while opening (its first frame overflowed) takes no place.
    slot.admit(session);
    if (session.closed) return;
    res.once('close', () => session.close('client-closed'));
  });
}
