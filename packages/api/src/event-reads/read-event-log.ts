import { findEventSequence, queryEvents, queryEventsAndSettledHead, type Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';
import type { QueryReader } from '../request/query';
import type { SettledPageCache } from './settled-page-cache';

/** The author/tenant/room/types filter shared by the event-log reads (no tenant default: docs/http.md#tenants-and-rooms). */
export function readEventFilter(query: QueryReader) {
  return {
    tenantId: query.string('tenantId'),
    roomId: query.string('roomId'),
    actorId: query.string('actorId'),
    types: query.list('types'),
  };
}

/**
 * The cache key of an ascending page: the route and every value its body depends on, as
 * parsed (so `limit=10` and `limit=10.2` share a page). The values are strings, numbers,
 * string lists or undefined, so the JSON is unambiguous.
 */
function pageKey(route: string, values: Record<string, unknown>): string {
  return JSON.stringify([route, values]);
}

/** `GET /v1/events` (docs/api.md#event-log-reads): ascending after `cursor`, or after `afterEventId` when no cursor. */
export async function readEventsPage(sql: Sql, pages: SettledPageCache, query: QueryReader): Promise<string> {
  let cursor = query.cursor();
  const afterEventId = query.string('afterEventId');
  if (query.raw('cursor') === undefined && afterEventId) cursor = (await findEventSequence(sql, afterEventId)) ?? 0;
  const limit = query.int('limit', 100, 1, 5000);
  const filter = readEventFilter(query);
  return pages.serve(pageKey('events', { ...filter, cursor, limit }), async () => {
    const events = await queryEvents(sql, { ...filter, order: 'asc', cursor, limit });
    return { data: { events, count: events.length, nextCursor: lastSequenceOr(events, cursor) }, full: events.length === limit };
  });
}

/** `GET /v1/timeline` (docs/api.md#event-log-reads): ascending or descending, with inclusive time bounds. */
export async function readTimelinePage(sql: Sql, pages: SettledPageCache, query: QueryReader): Promise<string> {
  const order = query.raw('order') === 'desc' ? 'desc' : 'asc';
  const cursor = query.cursor();
  const fromTs = query.timestamp('fromTs');
  const toTs = query.timestamp('toTs');
  const limit = query.int('limit', 100, 1, 5000);
  const filter = readEventFilter(query);
  const echo = { fromTs: query.raw('fromTs') ?? null, toTs: query.raw('toTs') ?? null };
  // A descending page starts at the newest settled event, which moves with every commit.
  const key = order === 'asc' ? pageKey('timeline', { ...filter, cursor, limit, fromTs, toTs, echo }) : null;
  return pages.serve(key, async () => {
    const events = await queryEvents(sql, { ...filter, order, cursor, limit, fromTs, toTs });
    return { data: { events, count: events.length, order, nextCursor: lastSequenceOr(events, cursor), ...echo }, full: events.length === limit };
  });
}

/**
 * `GET /v1/mentions` (docs/api.md#event-log-reads): the mentioned actor is filtered inside the query,
 * and an empty page still advances `nextCursor` to the highest sequence scanned, read in the same
 * statement as the page so no mention can settle below it unseen.
 */
export async function readMentionsPage(sql: Sql, pages: SettledPageCache, query: QueryReader): Promise<string> {
  const cursor = query.cursor();
  const limit = query.int('limit', 100, 1, 5000);
  const filter = { tenantId: query.string('tenantId'), roomId: query.string('roomId'), mentionedActorId: query.string('mentionedActorId') };
  return pages.serve(pageKey('mentions', { ...filter, cursor, limit }), async () => {
    const { events: mentions, settledHead } = await queryEventsAndSettledHead(sql, { ...filter, types: ['mention_created'], cursor, limit });
    const nextCursor = mentions.length > 0 ? lastSequenceOr(mentions, cursor) : settledHead;
    return { data: { mentions, count: mentions.length, nextCursor }, full: mentions.length === limit };
  });
}

/** The last event's sequence, or the request cursor for an empty page (docs/cursors.md). */
export function lastSequenceOr(events: EventEnvelope[], cursor: number): number {
  return events.length > 0 ? events[events.length - 1]!.sequence : cursor;
}
