import { appendEvents, type Sql } from '@cafe/db';
import type { EventEnvelope, NewEvent } from '@cafe/shared';
import { deriveInboxItems } from '../inbox/derive-inbox-items';
import { insertInboxItems } from '../inbox/inbox-store';

/**
 * Appends a request's events (the transaction's first write) and the inbox items they create,
 * in the caller's transaction, so an acknowledged mention is always in the recipient's inbox.
 */
export async function commitEvents(tx: Sql, events: NewEvent[]): Promise<EventEnvelope[]> {
  const appended = await appendEvents(tx, events);
  const items = appended.flatMap(deriveInboxItems);
  if (items.length > 0) await insertInboxItems(tx, items);
  return appended;
}
