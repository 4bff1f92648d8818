import type { EventTransport } from '@cafe/bus';
import { queryEvents } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import { requireSql } from '../deps';
import { readEventFilter, lastSequenceOr } from '../event-reads/read-event-log';
import { recordPollHeartbeat } from '../presence/poll-heartbeat';
import { PRESENCE_STATUSES, toPresenceStatus } from '../presence/presence-state';
import type { QueryReader } from '../request/query';
import type { ApiRuntime } from '../runtime';

/**
 * `GET /v1/events/poll` (docs/api.md#event-log-reads): optional implicit heartbeat, one read, and when empty a
 * wait for the first matching commit (transport wake-up), the timeout or the client leaving.
 */
export async function pollEvents(runtime: ApiRuntime, transport: EventTransport, query: QueryReader, signal: AbortSignal) {
  const sql = requireSql(runtime);
  const statusParam = query.string('status');
  const status = statusParam === undefined ? undefined : toPresenceStatus(statusParam);
  if (statusParam !== undefined && status === undefined) {
    throw new CafeError('ERR_INVALID_ENUM', undefined, { field: 'status', allowed: [...PRESENCE_STATUSES], value: statusParam });
  }
  const filter = readEventFilter(query);
  const cursor = query.cursor();
  const limit = query.int('limit', 100, 1, 500);
  const timeoutMs = query.int('timeoutMs', 25000, 0, 30000);
  const wantsHeartbeat = query.bool('heartbeat') ?? runtime.env.EVENTS_POLL_IMPLICIT_HEARTBEAT_DEFAULT;

  let presence: Awaited<ReturnType<typeof recordPollHeartbeat>> | null = null;
  if (wantsHeartbeat && filter.tenantId && filter.roomId && filter.actorId) {
    presence = await recordPollHeartbeat(runtime, {
      tenantId: filter.tenantId,
      roomId: filter.roomId,
      actorId: filter.actorId,
      status,
      ttlMs: query.int('ttlMs', runtime.env.PRESENCE_DEFAULT_TTL_MS, 1000, 86_400_000),
    });
  }

  const startedAt = Date.now();
  let events = await queryEvents(sql, { ...filter, order: 'asc', cursor, limit });
  if (events.length === 0 && timeoutMs > 0) {
    events = await transport.waitForEvents({ after: cursor, filter, limit, timeoutMs, signal });
  }
  return { events, count: events.length, nextCursor: lastSequenceOr(events, cursor), waitedMs: Date.now() - startedAt, presence };
}
