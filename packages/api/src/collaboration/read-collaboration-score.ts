import { queryEvents, type Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import { SCORED_EVENT_TYPES, scoreCollaboration } from './score-collaboration';

/** The event store reads at most this many events per request (docs/api.md#collaboration-score). */
const EVENT_READ_CAP = 5000;

/** `GET /v1/collaboration/score` (docs/api.md#collaboration-score): the score of a room over a time window. */
export async function readCollaborationScore(sql: Sql, query: QueryReader, defaults: { tenantId: string; roomId: string }) {
  const tenantId = query.string('tenantId') ?? defaults.tenantId;
  const roomId = query.string('roomId') ?? defaults.roomId;
  const fromTs = query.timestamp('fromTs');
  const toTs = query.timestamp('toTs');
  const limit = Math.min(EVENT_READ_CAP, query.int('limit', 5000, 1, 10_000));
  const events = await queryEvents(sql, { tenantId, roomId, types: [...SCORED_EVENT_TYPES], fromTs, toTs, order: 'asc', cursor: 0, limit });
  return {
    tenantId,
    roomId,
    window: { fromTs: fromTs ?? null, toTs: toTs ?? null },
    eventsConsidered: events.length,
    collaboration: scoreCollaboration(events),
  };
}
