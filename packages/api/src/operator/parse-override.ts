import { z } from 'zod';
import { CafeError } from '@cafe/shared';
import { idField, optionalObject, optionalOpaqueId, optionalString, parseFields, requiredString } from '../request/fields';
import type { QueryReader } from '../request/query';
import type { AuditQuery } from './audit-store';
import { OVERRIDE_ACTIONS, TARGETED_ACTIONS, type OverrideAction, type OverrideCommand } from './decide-override';

export interface OverrideRequestInput extends OverrideCommand {
  tenantId: string;
  roomId: string;
  correlationId?: string;
}

/** All of `POST /v1/operator/overrides`' validation, run before the idempotency check (docs/api.md#operator-overrides-and-audit). */
export function parseOverrideRequest(body: Record<string, unknown>, defaultTenantId: string): OverrideRequestInput {
  const fields = parseFields(
    z.object({
      tenantId: idField('tenantId', defaultTenantId),
      roomId: requiredString('roomId'),
      operatorId: requiredString('operatorId'),
      correlationId: optionalOpaqueId('correlationId'),
    }),
    body,
  );
  const action = body.action;
  // Exact match; a missing action is just another value outside the enum (docs/api.md#operator-overrides-and-audit table).
  if (typeof action !== 'string' || !(OVERRIDE_ACTIONS as readonly string[]).includes(action)) {
    throw new CafeError('ERR_INVALID_ENUM', `action must be one of ${OVERRIDE_ACTIONS.join(', ')}`, { field: 'action', allowed: [...OVERRIDE_ACTIONS], value: action ?? null });
  }
  const overrideAction = action as OverrideAction;
  const rest = parseFields(
    z.object({
      targetActorId: TARGETED_ACTIONS.includes(overrideAction) ? requiredString('targetActorId') : optionalString('targetActorId'),
      reason: optionalString('reason'),
      metadata: optionalObject('metadata'),
    }),
    body,
  );
  const target = rest.targetActorId?.trim();
  return {
    ...fields,
    action: overrideAction,
    targetActorId: target ? target : null,
    reason: rest.reason ?? null,
    metadata: rest.metadata ?? {},
  };
}

/** The query of `GET /v1/operator/audit` (docs/api.md#operator-overrides-and-audit); unparseable times → 400. */
export function parseAuditQuery(query: QueryReader, defaultTenantId: string): AuditQuery {
  return {
    tenantId: query.string('tenantId') ?? defaultTenantId,
    roomId: query.string('roomId'),
    operatorId: query.string('operatorId'),
    action: query.string('action'),
    fromTs: query.timestamp('fromTs'),
    toTs: query.timestamp('toTs'),
    cursor: query.cursor(),
    limit: query.int('limit', 100, 1, 1000),
    order: query.raw('order') === 'asc' ? 'asc' : 'desc',
  };
}
