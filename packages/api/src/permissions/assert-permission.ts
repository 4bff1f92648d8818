import type { Sql } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import { decidePermission } from './decide-permission';
import type { Capability, PermissionKey } from './permission';
import { findPermission } from './permission-store';

export interface PermissionSubject extends PermissionKey {
  /** The action name reported in `details.action`. */
  action: string;
  /** Overrides the matrix lookup (intents of any name are guarded by `canMove`). */
  capability?: Capability;
}

/**
 * The Cap step of docs/api.md#commands / docs/api.md#intents / docs/api.md#operator-overrides-and-audit: reads the actor's row in the transaction and
 * answers 403 `ERR_FORBIDDEN` when its flag (or the default) is false.
 */
export async function assertPermitted(tx: Sql, subject: PermissionSubject, correlationId: string): Promise<void> {
  const stored = await findPermission(tx, subject);
  const verdict = decidePermission(stored, subject.action, subject.capability);
  if (verdict.allowed) return;
  throw new CafeError('ERR_FORBIDDEN', 'Permission denied for requested action', {
    tenantId: subject.tenantId,
    roomId: subject.roomId,
    actorId: subject.actorId,
    capability: verdict.capability,
    action: subject.action,
    correlationId,
  });
}
