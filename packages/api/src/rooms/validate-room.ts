import { z } from 'zod';
import { CafeError } from '@cafe/shared';
import { checkedField, idField, optionalObject, optionalOpaqueId, optionalString, parseFields, requiredString } from '../request/fields';
import { ROOM_TYPES, toRoomType, type RoomType } from './room';

export interface RoomUpsertInput {
  tenantId: string;
  roomId: string;
  actorId: string;
  roomType: RoomType;
  ownerActorId: string;
  displayName: string | null;
  metadata: Record<string, unknown>;
  paymentProof: string | null;
  paymentRef: string | null;
  paymentAmountUsd: number;
  correlationId?: string;
}

/** `roomType`: lower-cased `lobby|private_table`, default `lobby`; else ERR_INVALID_ENUM. */
export function readRoomType(value: unknown): RoomType {
  if (value === undefined || value === null) return 'lobby';
  const roomType = toRoomType(value);
  if (!roomType) throw new CafeError('ERR_INVALID_ENUM', 'roomType must be one of lobby, private_table', { field: 'roomType', value, allowed: [...ROOM_TYPES] });
  return roomType;
}

/** `paymentAmountUsd`: a non-negative number rounded to cents, default the configured price. */
export function readPaymentAmount(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return roundCents(fallback);
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(numeric) || numeric < 0) {
    throw new CafeError('ERR_OUT_OF_BOUNDS', 'paymentAmountUsd must be a non-negative number', { field: 'paymentAmountUsd', min: 0, value });
  }
  return roundCents(numeric);
}

/** Rounds a USD amount to cents. */
export function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/**
 * Every field of `POST /v1/rooms` (docs/api.md#rooms); all are pre-checks, run before the
 * idempotency check. Blank optional strings count as absent.
 */
export function parseRoomUpsert(body: Record<string, unknown>, defaults: { tenantId: string; priceUsd: number }): RoomUpsertInput {
  const schema = z.object({
    tenantId: idField('tenantId', defaults.tenantId),
    roomId: requiredString('roomId'),
    actorId: requiredString('actorId'),
    roomType: checkedField(readRoomType),
    ownerActorId: optionalString('ownerActorId'),
    displayName: optionalString('displayName'),
    metadata: optionalObject('metadata'),
    paymentProof: optionalString('paymentProof'),
    paymentRef: optionalString('paymentRef'),
    paymentAmountUsd: checkedField((value) => readPaymentAmount(value, defaults.priceUsd)),
    correlationId: optionalOpaqueId('correlationId'),
  });
  const parsed = parseFields(schema, body);
  const blankToNull = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value : null);
  return {
    tenantId: parsed.tenantId,
    roomId: parsed.roomId,
    actorId: parsed.actorId,
    roomType: parsed.roomType,
    ownerActorId: blankToNull(parsed.ownerActorId)?.trim() ?? parsed.actorId,
    displayName: blankToNull(parsed.displayName),
    metadata: parsed.metadata ?? {},
    paymentProof: blankToNull(parsed.paymentProof),
    paymentRef: blankToNull(parsed.paymentRef),
    paymentAmountUsd: parsed.paymentAmountUsd,
    ...(parsed.correlationId !== undefined ? { correlationId: parsed.correlationId } : {}),
  };
}
