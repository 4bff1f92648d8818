import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CafeError, normalizePlanId, type Plan } from '@cafe/shared';
import { checkedField, idField, optionalObject, optionalOpaqueId, optionalString, parseFields, requiredString } from '../request/fields';
import { readPaymentAmount } from '../rooms/validate-room';
import { SESSION_STATUSES, type SessionStatus } from './table-session';
import type { PlanBook } from './plans';

export interface TableSessionCreateInput {
  tenantId: string;
  actorId: string;
  plan: Plan;
  ownerActorId: string;
  roomId: string;
  /** Whether the client named the room (the idempotency scope says `auto` when it did not). */
  roomIdGiven: boolean;
  displayName: string | null;
  invitedActorIds: string[];
  metadata: Record<string, unknown>;
  paymentProof: string | null;
  paymentRef: string | null;
  paymentAmountUsd: number;
  startedAt: string | null;
  expiresAt: string | null;
  correlationId?: string;
}

/** `invitedActorIds`: an array of ids, trimmed, blanks and duplicates dropped; else ERR_VALIDATION. */
export function readInvitedActorIds(value: unknown): string[] {
  if (!Array.isArray(value)) throw new CafeError('ERR_VALIDATION', 'invitedActorIds must be an array', { field: 'invitedActorIds' });
  const ids = value.filter((item) => item !== null && item !== undefined).map((item) => String(item).trim());
  return [...new Set(ids.filter((id) => id !== ''))];
}

/** An optional ISO timestamp; null or "" = not given; unparseable → ERR_VALIDATION. */
function readTimestamp(field: string) {
  return (value: unknown): string | null => {
    if (value === undefined || value === null || value === '') return null;
    const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new CafeError('ERR_VALIDATION', `${field} must be an ISO timestamp`, { field, value });
    return date.toISOString();
  };
}

/** `planId`: normalised and looked up in the catalogue; blank → ERR_MISSING_FIELD, unknown → ERR_INVALID_ENUM. */
function readPlan(book: PlanBook) {
  return (value: unknown): Plan => {
    if (typeof value !== 'string' || value.trim() === '') throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: planId', { field: 'planId' });
    const plan = book.find(normalizePlanId(value));
    if (!plan) throw new CafeError('ERR_INVALID_ENUM', 'planId is not in the plan catalogue', { field: 'planId', value, allowed: book.plans.map((entry) => entry.planId) });
    return plan;
  };
}

const blankToNull = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value : null);

/**
 * Every field of `POST /v1/table-sessions` (docs/private-tables.md#the-pieces); all are pre-checks, run before the
 * idempotency check. An amount below the plan's price is refused with 402 here, before
 * anything is asked of the payment provider.
 */
export function parseTableSessionCreate(body: Record<string, unknown>, defaults: { tenantId: string; book: PlanBook }): TableSessionCreateInput {
  const schema = z.object({
    tenantId: idField('tenantId', defaults.tenantId),
    actorId: requiredString('actorId'),
    planId: checkedField(readPlan(defaults.book)),
    ownerActorId: optionalString('ownerActorId'),
    roomId: optionalString('roomId'),
    displayName: optionalString('displayName'),
    invitedActorIds: checkedField((value) => (value === undefined || value === null ? [] : readInvitedActorIds(value))),
    metadata: optionalObject('metadata'),
    paymentProof: optionalString('paymentProof'),
    paymentRef: optionalString('paymentRef'),
    paymentAmountUsd: checkedField((value) => (value === undefined || value === null ? null : readPaymentAmount(value, 0))),
    startedAt: checkedField(readTimestamp('startedAt')),
    expiresAt: checkedField(readTimestamp('expiresAt')),
    correlationId: optionalOpaqueId('correlationId'),
  });
  const { planId: plan, ...parsed } = parseFields(schema, body);
  const amount = parsed.paymentAmountUsd ?? plan.price;
  if (amount < plan.price) {
    throw new CafeError('ERR_PAYMENT_REQUIRED', 'paymentAmountUsd is below the plan price', {
      field: 'paymentAmountUsd',
      value: amount,
      min: plan.price,
      planId: plan.planId,
    });
  }
  const roomId = blankToNull(parsed.roomId)?.trim() ?? null;
  return {
    tenantId: parsed.tenantId,
    actorId: parsed.actorId,
    plan,
    ownerActorId: blankToNull(parsed.ownerActorId)?.trim() ?? parsed.actorId,
    roomId: roomId ?? `private-${randomUUID().slice(0, 8)}`,
    roomIdGiven: roomId !== null,
    displayName: blankToNull(parsed.displayName),
    invitedActorIds: parsed.invitedActorIds,
    metadata: parsed.metadata ?? {},
    paymentProof: blankToNull(parsed.paymentProof),
    paymentRef: blankToNull(parsed.paymentRef),
    paymentAmountUsd: amount,
    startedAt: parsed.startedAt,
    expiresAt: parsed.expiresAt,
    ...(parsed.correlationId !== undefined ? { correlationId: parsed.correlationId } : {}),
  };
}

/** The recognised fields of `PATCH /v1/table-sessions/{id}` (docs/private-tables.md#the-pieces); absent = unchanged. */
export interface TableSessionPatch {
  invitedActorIds?: string[];
  status?: SessionStatus;
  startedAt?: string | null;
  expiresAt?: string | null;
  endedAt?: string | null;
  metadata?: Record<string, unknown>;
}

export const PATCH_FIELDS = ['invitedActorIds', 'status', 'startedAt', 'expiresAt', 'endedAt', 'metadata'] as const;

function readStatus(value: unknown): SessionStatus {
  const lowered = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (!(SESSION_STATUSES as readonly unknown[]).includes(lowered)) {
    throw new CafeError('ERR_INVALID_ENUM', 'status must be one of active, ended', { field: 'status', value, allowed: [...SESSION_STATUSES] });
  }
  return lowered as SessionStatus;
}

/**
 * The patch itself, validated late (after the gate and the override): each present field is
 * checked; none present → ERR_VALIDATION `At least one patch field is required`.
 */
export function parseTableSessionPatch(body: Record<string, unknown>): TableSessionPatch {
  const patch: TableSessionPatch = {};
  if (body.invitedActorIds !== undefined) patch.invitedActorIds = readInvitedActorIds(body.invitedActorIds);
  if (body.status !== undefined) patch.status = readStatus(body.status);
  for (const field of ['startedAt', 'expiresAt', 'endedAt'] as const) {
    if (field in body) patch[field] = readTimestamp(field)(body[field]);
  }
  if (body.metadata !== undefined) {
    const metadata = body.metadata;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new CafeError('ERR_VALIDATION', 'metadata must be an object', { field: 'metadata' });
    patch.metadata = metadata as Record<string, unknown>;
  }
  if (Object.keys(patch).length === 0) throw new CafeError('ERR_VALIDATION', 'At least one patch field is required', { fields: [...PATCH_FIELDS] });
  return patch;
}
