import { z } from 'zod';
import { CafeError } from '@cafe/shared';
import { idField, optionalOpaqueId, parseFields, requiredString } from '../request/fields';
import { CAPABILITIES, type Capability, type PermissionKey } from './permission';

export interface PermissionUpsertInput extends PermissionKey {
  correlationId?: string;
  /** Only the flags the body named, coerced with JavaScript truthiness (docs/api.md#permissions). */
  flags: Partial<Record<Capability, boolean>>;
}

/** Pre-checks of `POST /v1/permissions`: ids, then at least one flag. */
export function parsePermissionUpsert(body: Record<string, unknown>, defaultTenantId: string): PermissionUpsertInput {
  const ids = parseFields(
    z.object({
      tenantId: idField('tenantId', defaultTenantId),
      roomId: requiredString('roomId'),
      actorId: requiredString('actorId'),
      correlationId: optionalOpaqueId('correlationId'),
    }),
    body,
  );
  const flags: Partial<Record<Capability, boolean>> = {};
  for (const capability of CAPABILITIES) {
    if (Object.hasOwn(body, capability) && body[capability] !== undefined) flags[capability] = Boolean(body[capability]);
  }
  if (Object.keys(flags).length === 0) {
    throw new CafeError('ERR_VALIDATION', 'At least one permission field is required', { fields: [...CAPABILITIES] });
  }
  return { ...ids, flags };
}
