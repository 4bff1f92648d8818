import { z } from 'zod';
import { CafeError, toCursorBound } from '@cafe/shared';
import { getDefaults } from '../deps';
import { defineCommand } from '../pipeline/command';
import { scopes } from '../pipeline/keys';
import { idField, optionalString, parseFields, requiredString } from '../request/fields';
import { ackInboxItem, ackInboxItemsBulk, countUnreadInboxItems } from './inbox-queries';
import { isUuid } from '../request/uuid';


const ACK_FIELDS = { actorId: requiredString('actorId'), ackedBy: optionalString('ackedBy'), roomId: optionalString('roomId') };

/** `POST /v1/inbox/{inboxItemId}/ack` (docs/api.md#inbox): idempotent; a second ack reports `changed: false`. No events. */
export const inboxAckCommand = defineCommand({
  method: 'POST',
  path: '/v1/inbox/:inboxItemId/ack',
  parse: ({ body, params, query }, env) => {
    const fields = parseFields(z.object({ tenantId: idField('tenantId', query.string('tenantId') ?? getDefaults({ env }).tenantId), ...ACK_FIELDS }), body);
    const inboxId = params.inboxItemId ?? '';
    if (!isUuid(inboxId)) throw new CafeError('ERR_VALIDATION', 'inboxId must be a UUID', { field: 'inboxId', value: inboxId });
    return { ...fields, inboxId, ackedBy: fields.ackedBy?.trim() || fields.actorId };
  },
  key: ({ tenantId, roomId, actorId, inboxId }) => ({
    tenantId,
    roomId,
    actorId,
    route: `/v1/inbox/${inboxId}/ack`,
    scope: scopes.inboxAck(tenantId, actorId, inboxId),
  }),
  decide: (input) => ({ events: [], ...input }),
  persist: async ({ tx, now, onCommit, unread }, { tenantId, actorId, inboxId, ackedBy }) => {
    const result = await ackInboxItem(tx, tenantId, actorId, inboxId, ackedBy, now);
    if (!result) throw new CafeError('ERR_NOT_FOUND', 'Inbox item not found', { inboxId });
    const unreadCount = await countUnreadInboxItems(tx, tenantId, result.item.roomId, actorId);
    if (result.changed) onCommit(() => unread.adjust(tenantId, result.item.roomId, actorId, -1));
    return { ...result, unreadCount };
  },
  respond: ({ persisted: { item, changed, unreadCount }, correlationId }) => ({ status: 200, data: { item, changed, unreadCount, correlationId } }),
});

/** `POST /v1/inbox/ack`: by ids and/or up to an inbox cursor. No events. */
export const inboxBulkAckCommand = defineCommand({
  method: 'POST',
  path: '/v1/inbox/ack',
  parse: ({ body }, env) => {
    const fields = parseFields(z.object({ tenantId: idField('tenantId', getDefaults({ env }).tenantId), ...ACK_FIELDS }), body);
    const ids = Array.isArray(body.ids) ? body.ids.map((id) => String(id ?? '').trim()).filter(Boolean) : [];
    const bad = ids.find((id) => !isUuid(id));
    if (bad !== undefined) throw new CafeError('ERR_VALIDATION', 'ids[] values must be UUIDs', { field: 'ids', value: bad });
    const rawCursor = body.upToCursor;
    const upToCursor = typeof rawCursor === 'number' && Number.isFinite(rawCursor) ? toCursorBound(rawCursor) : undefined;
    if (ids.length === 0 && upToCursor === undefined) {
      throw new CafeError('ERR_VALIDATION', 'Bulk ack requires ids[] and/or upToCursor', { fields: ['ids', 'upToCursor'] });
    }
    const roomId = fields.roomId?.trim() ? fields.roomId : undefined;
    return { tenantId: fields.tenantId, actorId: fields.actorId, roomId, ids, upToCursor, ackedBy: fields.ackedBy?.trim() || fields.actorId };
  },
  key: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, scope: scopes.inboxBulkAck(tenantId, actorId, roomId) }),
  decide: (input) => ({ events: [], ...input }),
  persist: async ({ tx, now, onCommit, unread }, request) => {
    const { tenantId, actorId, roomId } = request;
    const acked = await ackInboxItemsBulk(tx, { ...request, now });
    const unreadCount = await countUnreadInboxItems(tx, tenantId, roomId, actorId);
    const perRoom = new Map<string, number>();
    for (const item of acked) perRoom.set(item.roomId, (perRoom.get(item.roomId) ?? 0) + 1);
    onCommit(() => Promise.all([...perRoom].map(([room, n]) => unread.adjust(tenantId, room, actorId, -n))));
    return { acked, unreadCount };
  },
  respond: ({ persisted: { acked, unreadCount }, correlationId }) => ({
    status: 200,
    data: { ackedCount: acked.length, ackedIds: acked.map((item) => item.inboxId), unreadCount, correlationId },
  }),
});
