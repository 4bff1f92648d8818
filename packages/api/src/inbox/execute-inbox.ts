import { z } from 'zod';
import { CafeError } from '@cafe/shared';
import { getMutationDeps, requireSql } from '../deps';
import { runMutation, type MutationResult } from '../mutation/run-mutation';
import { idField, optionalString, parseFields, requiredString } from '../request/fields';
import type { QueryReader } from '../request/query';
import type { ApiRuntime } from '../runtime';
import { ackInboxItem, ackInboxItemsBulk, countUnreadInboxItems, listInboxItems } from './inbox-queries';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET /v1/inbox` (api.md §6.1). */
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

export interface AckRequest {
  body: Record<string, unknown>;
  queryTenantId?: string;
  requestId: string;
  idempotencyKey: string | undefined;
}

/** `POST /v1/inbox/{inboxItemId}/ack` (api.md §6.2): idempotent; a second ack reports `changed: false`. */
export async function ackOneInboxItem(runtime: ApiRuntime, inboxId: string, request: AckRequest): Promise<MutationResult> {
  const fields = parseFields(
    z.object({
      tenantId: idField('tenantId', request.queryTenantId ?? runtime.env.AGENTCAFE_DEFAULT_TENANT_ID),
      actorId: requiredString('actorId'),
      ackedBy: optionalString('ackedBy'),
      roomId: optionalString('roomId'),
    }),
    request.body,
  );
  if (!UUID.test(inboxId)) throw new CafeError('ERR_VALIDATION', 'inboxId must be a UUID', { field: 'inboxId', value: inboxId });
  const { tenantId, actorId } = fields;
  return runMutation(
    getMutationDeps(runtime),
    {
      route: `/v1/inbox/${inboxId}/ack`,
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      roomId: fields.roomId,
      actorId,
      scope: `${tenantId}:${actorId}:inbox:${inboxId}:ack`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
    },
    async ({ tx, now, correlationId, onCommit }) => {
      const result = await ackInboxItem(tx, tenantId, actorId, inboxId, fields.ackedBy?.trim() || actorId, now);
      if (!result) throw new CafeError('ERR_NOT_FOUND', 'Inbox item not found', { inboxId });
      const unreadCount = await countUnreadInboxItems(tx, tenantId, result.item.roomId, actorId);
      if (result.changed) onCommit(() => runtime.unread.adjust(tenantId, result.item.roomId, actorId, -1));
      return { status: 200, data: { item: result.item, changed: result.changed, unreadCount, correlationId } };
    },
  );
}

/** `POST /v1/inbox/ack` (api.md §6.3): by ids and/or up to an inbox cursor. */
export async function ackInboxBulk(runtime: ApiRuntime, request: AckRequest): Promise<MutationResult> {
  const fields = parseFields(
    z.object({
      tenantId: idField('tenantId', runtime.env.AGENTCAFE_DEFAULT_TENANT_ID),
      actorId: requiredString('actorId'),
      roomId: optionalString('roomId'),
      ackedBy: optionalString('ackedBy'),
    }),
    request.body,
  );
  const ids = Array.isArray(request.body.ids) ? request.body.ids.map((id) => String(id ?? '').trim()).filter(Boolean) : [];
  const bad = ids.find((id) => !UUID.test(id));
  if (bad !== undefined) throw new CafeError('ERR_VALIDATION', 'ids[] values must be UUIDs', { field: 'ids', value: bad });
  const rawCursor = request.body.upToCursor;
  const upToCursor = typeof rawCursor === 'number' && Number.isFinite(rawCursor) ? rawCursor : undefined;
  if (ids.length === 0 && upToCursor === undefined) {
    throw new CafeError('ERR_VALIDATION', 'Bulk ack requires ids[] and/or upToCursor', { fields: ['ids', 'upToCursor'] });
  }
  const { tenantId, actorId } = fields;
  const roomId = fields.roomId?.trim() ? fields.roomId : undefined;
  return runMutation(
    getMutationDeps(runtime),
    {
      route: '/v1/inbox/ack',
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      roomId,
      actorId,
      scope: `${tenantId}:${actorId}:inbox:ack:${roomId ?? 'all'}`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
    },
    async ({ tx, now, correlationId, onCommit }) => {
      const acked = await ackInboxItemsBulk(tx, { tenantId, actorId, roomId, ids, upToCursor, ackedBy: fields.ackedBy?.trim() || actorId, now });
      const unreadCount = await countUnreadInboxItems(tx, tenantId, roomId, actorId);
      const perRoom = new Map<string, number>();
      for (const item of acked) perRoom.set(item.roomId, (perRoom.get(item.roomId) ?? 0) + 1);
      onCommit(() => Promise.all([...perRoom].map(([room, n]) => runtime.unread.adjust(tenantId, room, actorId, -n))));
      return { status: 200, data: { ackedCount: acked.length, ackedIds: acked.map((item) => item.inboxId), unreadCount, correlationId } };
    },
  );
}
