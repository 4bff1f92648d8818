import { appendEvents, type Sql } from '@cafe/db';
import type { EventEnvelope, NewEvent } from '@cafe/shared';
import { deriveInboxItems } from '../inbox/derive-inbox-items';
import { insertInboxItems } from '../inbox/inbox-store';
import type { UnreadCounters } from '../inbox/unread-counters';

interface CommitContext {
  tx: Sql;
  /** How this transaction appends: a commit group holds the append lock itself. */
  append?(events: NewEvent[]): Promise<EventEnvelope[]>;
  onCommit(task: () => Promise<unknown> | unknown): void;
}

/**
 * Appends a request's events (the transaction's first write) and the inbox items they create,
 * in the caller's transaction, so an acknowledged mention is always in the recipient's inbox.
 * Unread counters in Redis follow after commit.
 */
export async function commitEvents(ctx: CommitContext, events: NewEvent[], unread?: UnreadCounters): Promise<EventEnvelope[]> {
  const appended = ctx.append ? await ctx.append(events) : await appendEvents(ctx.tx, events);
  const items = appended.flatMap(deriveInboxItems);
  if (items.length > 0) {
    const inserted = await insertInboxItems(ctx.tx, items);
    if (unread?.enabled && inserted.length > 0) {
      ctx.onCommit(() => Promise.all(inserted.map((item) => unread.adjust(item.tenantId, item.roomId, item.actorId, 1))));
    }
  }
  return appended;
}
