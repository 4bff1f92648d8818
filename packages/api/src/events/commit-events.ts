import { appendEvents, type Sql } from '@cafe/db';
import type { EventEnvelope, NewEvent } from '@cafe/shared';
import type { Appender } from '../mutation/commit-group';
import { deriveInboxItems } from '../inbox/derive-inbox-items';
import type { UnreadCounters } from '../inbox/unread-counters';

interface CommitContext {
  tx: Sql;
  /** How this transaction appends: a commit group holds the append lock itself. */
  append?: Appender;
  onCommit(task: () => Promise<unknown> | unknown): void;
}

/**
 * Appends a request's events (the transaction's first write) and the inbox items they create,
 * in the caller's transaction, so an acknowledged mention is always in the recipient's inbox.
 * Both go in one append: the items take their `inboxSeq` under the same lock as the events
 * their sequences, which keeps the inbox cursor commit-ordered (docs/cursors.md#inbox-and-audit-cursors).
 * Unread counters in Redis follow after commit.
 */
export async function commitEvents(ctx: CommitContext, events: NewEvent[], unread?: UnreadCounters): Promise<EventEnvelope[]> {
  const items = events.flatMap(deriveInboxItems);
  const appended = ctx.append ? await ctx.append(events, items) : await appendEvents(ctx.tx, events, items);
  // Every item is new: its source event was appended just now, so no duplicate can exist.
  if (unread?.enabled && items.length > 0) {
    ctx.onCommit(() => Promise.all(items.map((item) => unread.adjust(item.tenantId, item.roomId, item.actorId, 1))));
  }
  return appended;
}
