import { requireSql } from '../deps';
import type { QueryReader } from '../request/query';
import type { ApiRuntime } from '../runtime';
import { countUnreadInboxItems, listInboxItems } from './inbox-queries';

/** `GET /v1/inbox` (docs/api.md#inbox). */
export async function readInbox(runtime: ApiRuntime, query: QueryReader) {
  const sql = requireSql(runtime);
  const tenantId = query.string('tenantId') ?? runtime.env.AGENTCAFE_DEFAULT_TENANT_ID;
  const roomId = query.string('roomId');
  const actorId = query.string('actorId');
  const unreadOnly = query.bool('unreadOnly') ?? false;
  const order = query.raw('order') === 'desc' ? 'desc' : 'asc';
  const cursor = query.cursor();
  const items = await listInboxItems(sql, { tenantId, roomId, actorId, unreadOnly, order, cursor, limit: query.int('limit', 100, 1, 500) });
  const unreadCount = await countUnreadInboxItems(sql, tenantId, roomId, actorId);
  return {
    tenantId,
    roomId: roomId ?? null,
    actorId: actorId ?? null,
    unreadOnly,
    order,
    count: items.length,
    nextCursor: items.length > 0 ? items[items.length - 1]!.inboxSeq : cursor,
    unreadCount,
    projectedUnreadCount: roomId !== undefined && actorId !== undefined ? await runtime.unread.read(tenantId, roomId, actorId) : null,
    items,
  };
}
