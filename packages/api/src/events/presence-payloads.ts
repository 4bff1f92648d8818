import { toIsoTimestamp, type EventPayload, type PresenceStatus } from '@cafe/shared';

/**
 * The normalised presence payloads of docs/events.md#presence-payloads. Pure: the same input always gives the
 * same payload, with the event time as the fallback for client-supplied times.
 */

const stringOr = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? value : fallback);

const isoOr = (value: unknown, fallback: string): string => toIsoTimestamp(value) ?? fallback;

const objectOr = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** `agent_entered` payload. */
export function buildAgentEnteredPayload(input: Record<string, unknown>, position: { x: number; y: number } | null, at: string): EventPayload<'agent_entered'> {
  return {
    source: stringOr(input.source, 'agent'),
    reason: stringOr(input.reason, 'manual_enter'),
    enteredAt: isoOr(input.enteredAt, at),
    position,
    metadata: objectOr(input.metadata),
  };
}

/** `agent_left` payload; forced leaves default to operator source and reason. */
export function buildAgentLeftPayload(input: Record<string, unknown>, at: string): EventPayload<'agent_left'> {
  const forced = Boolean(input.forced);
  return {
    source: stringOr(input.source, forced ? 'operator' : 'agent'),
    reason: stringOr(input.reason, forced ? 'operator_force_leave' : 'manual_leave'),
    leftAt: isoOr(input.leftAt, at),
    forced,
    operatorId: typeof input.operatorId === 'string' && input.operatorId.trim() ? input.operatorId : null,
    metadata: objectOr(input.metadata),
  };
}

export interface StatusChangeInput {
  fromStatus: PresenceStatus | null;
  toStatus: PresenceStatus;
  reason?: string;
  source?: string;
  changedAt: string;
  lastHeartbeatAt?: string | null;
  expiresAt?: string | null;
  operatorId?: string | null;
  metadata?: Record<string, unknown>;
}

/** `status_changed` payload, with the legacy `from`/`to` aliases. */
export function buildStatusChangedPayload(input: StatusChangeInput): EventPayload<'status_changed'> {
  return {
    fromStatus: input.fromStatus,
    toStatus: input.toStatus,
    reason: input.reason ?? 'status_update',
    source: input.source ?? 'system',
    changedAt: input.changedAt,
    lastHeartbeatAt: input.lastHeartbeatAt ?? null,
    expiresAt: input.expiresAt ?? null,
    operatorId: input.operatorId ?? null,
    metadata: input.metadata ?? {},
    from: input.fromStatus,
    to: input.toStatus,
  };
}
