import { z } from 'zod';
import { CafeError } from '@cafe/shared';
import { checkedField, idField, optionalOpaqueId, parseFields, requiredString } from '../request/fields';
import { PRESENCE_STATUSES, toPresenceStatus, type PresenceStatus } from './presence-state';

export const HEARTBEAT_TTL_MIN_MS = 1000;
export const HEARTBEAT_TTL_MAX_MS = 600_000;

export interface HeartbeatRequestInput {
  tenantId: string;
  roomId: string;
  actorId: string;
  status: PresenceStatus;
  ttlMs: number;
  correlationId?: string;
}

/** `status`: default `idle`, lower-cased; anything else → ERR_INVALID_ENUM with `allowed`. */
export function readHeartbeatStatus(value: unknown): PresenceStatus {
  if (value === undefined || value === null) return 'idle';
  const status = toPresenceStatus(value);
  if (!status) {
    throw new CafeError('ERR_INVALID_ENUM', `status must be one of ${PRESENCE_STATUSES.join(', ')}`, {
      field: 'status',
      value,
      allowed: [...PRESENCE_STATUSES],
    });
  }
  return status;
}

/** `ttlMs`: absent, 0 or non-numeric → the default; otherwise rounded and clamped to 1 s – 10 min. */
export function resolveHeartbeatTtl(value: unknown, defaultTtlMs: number): number {
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(numeric) || numeric === 0) return defaultTtlMs;
  return Math.min(HEARTBEAT_TTL_MAX_MS, Math.max(HEARTBEAT_TTL_MIN_MS, Math.round(numeric)));
}

/** Every field of `POST /v1/presence/heartbeat` (docs/api.md#presence); all are pre-checks. */
export function parseHeartbeat(body: Record<string, unknown>, defaults: { tenantId: string; roomId: string; ttlMs: number }): HeartbeatRequestInput {
  const schema = z.object({
    tenantId: idField('tenantId', defaults.tenantId),
    roomId: idField('roomId', defaults.roomId),
    actorId: requiredString('actorId'),
    status: checkedField(readHeartbeatStatus),
    ttlMs: checkedField((value) => resolveHeartbeatTtl(value, defaults.ttlMs)),
    correlationId: optionalOpaqueId('correlationId'),
  });
  return parseFields(schema, body);
}
