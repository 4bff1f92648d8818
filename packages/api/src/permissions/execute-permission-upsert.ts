import { getDefaults, getMutationDeps } from '../deps';
import { runMutation, type MutationResult } from '../mutation/run-mutation';
import { assertOperatorRole, type CallerRole } from '../operator/caller-role';
import type { ApiRuntime } from '../runtime';
import { DEFAULT_PERMISSION_FLAGS } from './permission';
import { findPermission, savePermission } from './permission-store';
import { parsePermissionUpsert } from './parse-permission';

export interface PermissionUpsertRequest {
  body: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | undefined;
  callerRole: CallerRole;
}

/**
 * `POST /v1/permissions` (api.md §9.2): operator credential (when configured) → pre-checks →
 * Idem → merge the named flags over the stored row or the defaults. No event.
 */
export async function upsertPermission(runtime: ApiRuntime, request: PermissionUpsertRequest): Promise<MutationResult> {
  assertOperatorRole(request.callerRole, runtime.env.OPERATOR_AUTH_TOKEN, 'permission_upsert');
  const input = parsePermissionUpsert(request.body, getDefaults(runtime).tenantId);
  const { tenantId, roomId, actorId } = input;
  return runMutation(
    getMutationDeps(runtime),
    {
      route: '/v1/permissions',
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      roomId,
      actorId,
      scope: `${tenantId}:permissions:${roomId}:${actorId}`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      correlationId: input.correlationId,
      // Flags are merged over the stored row: one writer per row at a time.
      lockKeys: [`permission:${tenantId}:${roomId}:${actorId}`],
    },
    async ({ tx, now, correlationId }) => {
      const key = { tenantId, roomId, actorId };
      const stored = await findPermission(tx, key);
      const base = stored ?? DEFAULT_PERMISSION_FLAGS;
      const permission = await savePermission(
        tx,
        key,
        {
          canMove: input.flags.canMove ?? base.canMove,
          canSpeak: input.flags.canSpeak ?? base.canSpeak,
          canOrder: input.flags.canOrder ?? base.canOrder,
          canEnterLeave: input.flags.canEnterLeave ?? base.canEnterLeave,
          canModerate: input.flags.canModerate ?? base.canModerate,
        },
        now,
      );
      return { status: 200, data: { permission, correlationId } };
    },
  );
}
