import type postgres from 'postgres';
import { assertValidEvents, readEventPayloadCheck, type EventEnvelope, type NewEvent } from '@cafe/shared';
import type { Queryable } from '../client';

/** Read once, on the first append: the switch is process-wide (CAFE_CHECK_EVENT_PAYLOADS). */
let checkPayloads: boolean | undefined;

/**
 * With CAFE_CHECK_EVENT_PAYLOADS on (tests turn it on), throws EventPayloadError for an event
 * whose payload does not match its type's schema in the event catalogue, so a writer that
 * drifts from the contract fails there; production trusts the typed writers instead of
 * parsing every payload twice. Every append path calls it before writing.
 */
export function checkEventPayloads(events: readonly NewEvent[]): void {
  checkPayloads ??= readEventPayloadCheck(process.env);
  if (checkPayloads) assertValidEvents(events);
}

/**
 * An inbox item written together with the events it comes from (docs/events.md#inbox-items), in
 * the JSON shape `cafe_insert_inbox_items` reads. Its `source_event_sequence` is taken from the
 * appended event, so it can be sent before the sequences are known.
 */
export interface InboxItemDraft {
  inboxId: string;
  tenantId: string;
  roomId: string;
  actorId: string;
  sourceEventId: string;
  sourceEventType: string;
  sourceActorId: string;
  sourceEventAt: string;
  threadId: string | null;
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * Appends events, and the inbox items they create, inside the caller's transaction; returns the
 * events with their sequences, in input order. Must be the transaction's first write (the SQL
 * function checks): the events and the items take their positions in the critical section that
 * takes the transaction's id, which keeps both orders equal to commit-safe xid order for
 * readers (docs/architecture.md#the-commit-ordered-cursor). With CAFE_CHECK_EVENT_PAYLOADS on,
 * an event whose payload does not match its type's schema in the event catalogue throws
 * EventPayloadError before anything is written.
 */
export async function appendEvents(tx: Queryable, events: NewEvent[], inboxItems: readonly InboxItemDraft[] = []): Promise<EventEnvelope[]> {
  if (events.length === 0) return [];
  checkEventPayloads(events);
  const rows = await (tx as postgres.Sql)<{ out_sequence: number; out_event_id: string }[]>`
    select out_sequence, out_event_id
      from cafe_append_events(${JSON.stringify(events)}::text::jsonb, ${JSON.stringify(inboxItems)}::text::jsonb)`;
  const sequences = new Map(rows.map((row) => [row.out_event_id, Number(row.out_sequence)]));
  return events.map((event) => {
    const sequence = sequences.get(event.eventId);
    if (sequence === undefined) throw new Error(`event ${event.eventId} was not appended`);
    return { ...event, sequence };
  });
}
