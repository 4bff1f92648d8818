import { getQuery, getRequestHeader, setResponseHeader, type H3Event } from 'h3';
import { readTailStart } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import { getRequestId } from '@cafe/http';
import { openClientSession, type ClientSession } from './client-session';
import { createResponseSink } from './response-sink';
import type { RealtimeRuntime } from './runtime';
import { parseStreamRequest } from './stream-request';

/** A replaying client that does not take data for this long is dropped. */
const REPLAY_STALL_MS = 30_000;

/**
 * `GET /v1/stream`: checks capacity before anything is written (so a full instance answers a
 * 503 envelope), opens the SSE response and a client session, and resolves when the stream ends.
 */
export async function serveStream(event: H3Event, runtime: RealtimeRuntime): Promise<void> {
  const { transport, fanout, env } = runtime;
  if (!transport) throw new CafeError('ERR_INTERNAL', 'Event source unavailable: DATABASE_URL is not set', {}, 503);
  try {
    fanout.assertCapacity();
  } catch (error) {
    setResponseHeader(event, 'retry-after', 1);
    throw error;
  }
  const request = parseStreamRequest(getQuery(event), getRequestHeader(event, 'last-event-id'), env.REALTIME_DEFAULT_TENANT_ID);
  // A fresh viewer is replayed the newest `limit` events, never the room's whole history.
  if (request.fresh && runtime.db.sql) {
    const filter = { tenantId: request.tenantId, roomId: request.roomId, actorId: request.actorId ?? undefined, types: request.types };
    request.cursor = await readTailStart(runtime.db.sql, filter, request.limit);
  }
  const requestId = getRequestId(event);
  const res = event.node.res;
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
    if (session.closed) return;
    holder.session = session;
    fanout.add(session);
    res.once('close', () => session.close('client-closed'));
  });
}
