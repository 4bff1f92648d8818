import { getDefaults } from '../deps';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { DEFAULT_PERMISSION_FLAGS } from './permission';
import { findPermission, savePermission } from './permission-store';
import { parsePermissionUpsert } from './parse-permission';

/**
 * `POST /v1/permissions` (docs/api.md#permissions): operator credential (when configured) →
 * pre-checks → Idem → the named flags merged over the stored row or the defaults. No event.
 */
export const permissionUpsertCommand = defineCommand({
  method: 'POST',
  path: '/v1/permissions',
  operatorOnly: 'permission_upsert',
  parse: ({ body }, env) => parsePermissionUpsert(body, getDefaults({ env }).tenantId),
  key: ({ tenantId, roomId, actorId, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    scope: scopes.permissionUpsert(tenantId, roomId, actorId),
    locks: [locks.permission(tenantId, roomId, actorId)],
  }),
  load: ({ tx }, { tenantId, roomId, actorId }) => findPermission(tx, { tenantId, roomId, actorId }),
  decide: ({ tenantId, roomId, actorId, flags }, stored) => {
    const base = stored ?? DEFAULT_PERMISSION_FLAGS;
    return {
      events: [],
      key: { tenantId, roomId, actorId },
      flags: {
        canMove: flags.canMove ?? base.canMove,
        canSpeak: flags.canSpeak ?? base.canSpeak,
        canOrder: flags.canOrder ?? base.canOrder,
        canEnterLeave: flags.canEnterLeave ?? base.canEnterLeave,
        canModerate: flags.canModerate ?? base.canModerate,
      },
    };
  },
  persist: ({ tx, now }, { key, flags }) => savePermission(tx, key, flags, now),
  respond: ({ persisted, correlationId }) => ({ status: 200, data: { permission: persisted, correlationId } }),
});
