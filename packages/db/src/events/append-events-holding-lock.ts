import type postgres from 'postgres';
import type { EventEnvelope, NewEvent } from '@cafe/shared';
import type { Queryable } from '../client';
import { checkEventPayloads } from './append-events';

/**
 * The key of the event-append lock. `cafe_append_events` (migrations/0009) takes it as a
 * session lock around its INSERT; a commit group takes it as a transaction lock instead (see
 * lockEventAppends). Both must name the same number.
 */
export const EVENT_APPEND_LOCK_KEY = 942516432;

/**
 * Takes the event-append lock until the transaction ends. Taken before the transaction's first
 * write, it makes the transaction's xid, and every sequence it appends, later than those of any
 * transaction that appended before it and earlier than any after it, however many appends it
 * makes: the commit-ordered cursor holds for a transaction that appends several times (a
 * commit group appends once per command).
 */
export async function lockEventAppends(tx: Queryable): Promise<void> {
  await (tx as postgres.Sql)`select pg_advisory_xact_lock(${EVENT_APPEND_LOCK_KEY})`;
}

/**
 * Appends events in a transaction that holds the event-append lock (lockEventAppends), with
 * the same row mapping as `cafe_append_events`; returns the envelopes with their sequences.
 */
export async function appendEventsHoldingLock(tx: Queryable, events: NewEvent[]): Promise<EventEnvelope[]> {
  if (events.length === 0) return [];
  checkEventPayloads(events);
  const rows = await (tx as postgres.Sql)<{ sequence: string; event_id: string }[]>`
    insert into events (event_id, tenant_id, room_id, actor_id, type, ts, payload, correlation_id, causation_id)
    select (e.doc->>'eventId')::uuid, e.doc->>'tenantId', e.doc->>'roomId', e.doc->>'actorId', e.doc->>'type',
           (e.doc->>'timestamp')::timestamptz, coalesce(e.doc->'payload', '{}'::jsonb), e.doc->>'correlationId', e.doc->>'causationId'
      from jsonb_array_elements(${JSON.stringify(events)}::text::jsonb) with ordinality as e(doc, ord)
     order by e.ord
    returning sequence, event_id`;
  const sequences = new Map(rows.map((row) => [row.event_id, Number(row.sequence)]));
  return events.map((event) => {
    const sequence = sequences.get(event.eventId);
    if (sequence === undefined) throw new Error(`event ${event.eventId} was not appended`);
    return { ...event, sequence };
  });
}

/** Wakes tailing readers at commit (one notification per transaction, whatever the count). */
export async function notifyEventAppends(tx: Queryable): Promise<void> {
  await (tx as postgres.Sql)`select pg_notify('cafe_events', '')`;
}
