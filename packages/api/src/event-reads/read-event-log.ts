import { findEventSequence, queryEvents, queryEventsAndSettledHead, type Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';
import type { QueryReader } from '../request/query';

/** The author/tenant/room/types filter shared by the event-log reads (no tenant default: docs/http.md#tenants-and-rooms). */
export function readEventFilter(query: QueryReader) {
  return {
    tenantId: query.string('tenantId'),
    roomId: query.string('roomId'),
    actorId: query.string('actorId'),
    types: query.list('types'),
  };
}

/** `GET /v1/events` (docs/api.md#event-log-reads): ascending after `cursor`, or after `afterEventId` when no cursor. */
export async function listEvents(sql: Sql, query: QueryReader) {
  let cursor = query.cursor();
  const afterEventId = query.string('afterEventId');
  if (query.raw('cursor') === undefined && afterEventId) cursor = (await findEventSequence(sql, afterEventId)) ?? 0;
  const limit = query.int('limit', 100, 1, 5000);
  const events = await queryEvents(sql, { ...readEventFilter(query), order: 'asc', cursor, limit });
  return { events, count: events.length, nextCursor: lastSequenceOr(events, cursor) };
}

/** `GET /v1/timeline` (docs/api.md#event-log-reads): ascending or descending, with inclusive time bounds. */
export async function listTimeline(sql: Sql, query: QueryReader) {
  const order = query.raw('order') === 'desc' ? 'desc' : 'asc';
  const cursor = query.cursor();
  const fromTs = query.timestamp('fromTs');
  const toTs = query.timestamp('toTs');
  const limit = query.int('limit', 100, 1, 5000);
  const events = await queryEvents(sql, { ...readEventFilter(query), order, cursor, limit, fromTs, toTs });
  return {
    events,
    count: events.length,
    order,
    nextCursor: lastSequenceOr(events, cursor),
    fromTs: query.raw('fromTs') ?? null,
    toTs: query.raw('toTs') ?? null,
  };
}

/**
 * `GET /v1/mentions` (docs/api.md#event-log-reads): the mentioned actor is filtered inside the query,
 * and an empty page still advances `nextCursor` to the highest sequence scanned, read in the same
 * statement as the page so no mention can settle below it unseen.
 */
export async function listMentions(sql: Sql, query: QueryReader) {
  const cursor = query.cursor();
  const limit = query.int('limit', 100, 1, 5000);
  const { events: mentions, settledHead } = await queryEventsAndSettledHead(sql, {
    tenantId: query.string('tenantId'),
    roomId: query.string('roomId'),
    types: ['mention_created'],
    mentionedActorId: query.string('mentionedActorId'),
    cursor,
    limit,
  });
  const nextCursor = mentions.length > 0 ? lastSequenceOr(mentions, cursor) : settledHead;
  return { mentions, count: mentions.length, nextCursor };
}

/** The last event's sequence, or the request cursor for an empty page (docs/cursors.md). */
export function lastSequenceOr(events: EventEnvelope[], cursor: number): number {
  return events.length > 0 ? events[events.length - 1]!.sequence : cursor;
}
