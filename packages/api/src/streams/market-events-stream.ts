import type { H3Event } from 'h3';
import { getRequestHeader, setResponseHeader } from 'h3';
import type { EventTransport } from '@cafe/bus';
import { readTailStart, type Sql } from '@cafe/db';
import { readEventFilter } from '../event-reads/read-event-log';
import type { QueryReader } from '../request/query';
import { formatEventFrame, formatSseFrame, resolveResumeCursor } from './sse-frames';
import type { OpenStream, StreamRegistry } from './stream-registry';

/** Bytes a client may leave unread before it is disconnected (it resumes with Last-Event-ID). */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

const RATE_LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/**
 * `GET /v1/streams/market-events` (docs/streams.md#the-api-stream): `ready`, then every stored event after
 * the cursor (the whole backlog, paged by `limit`), then live events, with heartbeats. A client
 * with neither `cursor` nor `Last-Event-ID` starts with the newest `limit` matching events.
 * Delivery comes from the event transport, which hands over from catch-up to live without gaps
 * or repeats. The stream is admitted by the registry (or refused with a 503) before its setup
 * reads Postgres, and a client that leaves at any point closes it: nothing is subscribed after
 * the client is gone. Resolves when the stream ends.
 */
export async function streamMarketEvents(
  event: H3Event,
  sql: Sql,
  transport: EventTransport,
  query: QueryReader,
  options: { registry: StreamRegistry; requestId: string },
): Promise<void> {
  const filter = readEventFilter(query);
  const pageSize = query.int('limit', 200, 1, 5000);
  const lastEventId = getRequestHeader(event, 'last-event-id');
  const fresh = query.raw('cursor') === undefined && !lastEventId?.trim();
  const resumeCursor = fresh ? null : resolveResumeCursor(query.cursor(), lastEventId);
  const res = event.node.res;
  let stream: OpenStream;
  try {
    stream = options.registry.open(res);
  } catch (error) {
    // A full instance: tell the client when to come back (docs/streams.md#limits-and-disconnects).
    setResponseHeader(event, 'retry-after', 1);
    throw error;
  }
  let cursor: number;
  try {
    cursor = resumeCursor ?? (await readTailStart(sql, filter, pageSize));
  } catch (error) {
    stream.close();
    throw error;
  }
  // The client left while the tail start was read: there is nothing to set up.
  if (stream.closed) return;
  for (const name of RATE_LIMIT_HEADERS) res.removeHeader(name);
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': options.requestId,
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  res.write(
    formatSseFrame({
      event: 'ready',
      data: { tenantId: filter.tenantId ?? null, roomId: filter.roomId ?? null, actorId: filter.actorId ?? null, cursor, types: filter.types },
    }),
  );

  let lastWritten = cursor;
  const write = (chunk: string | Buffer) => {
    if (stream.closed) return;
    res.write(chunk);
    if (res.writableLength > MAX_UNREAD_BYTES) stream.close();
  };
  const subscription = transport.subscribe(
    { after: cursor, filter, pageSize },
    {
      onEvents(events) {
        for (const item of events) {
          if (item.sequence <= lastWritten) continue;
          lastWritten = item.sequence;
          write(formatEventFrame(item));
        }
      },
    },
  );
  stream.onClose(() => subscription.close());
  stream.setHeartbeat((now) => write(formatSseFrame({ event: 'heartbeat', data: { cursor: lastWritten, ts: now } })));
  return stream.done;
}
