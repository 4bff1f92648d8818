import type { NewEvent } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import { buildStatusChangedPayload } from '../events/presence-payloads';
import type { PresenceState, PresenceStatus } from './presence-state';

export interface HeartbeatInput {
  actorId: string;
  status: PresenceStatus;
  ttlMs: number;
  reason: string;
  source: string;
  /** The event that caused the heartbeat (a command's main event), if any. */
  causationId?: string | null;
}

export interface PresenceDecision {
  next: PresenceState | null;
  events: NewEvent[];
}

/**
 * A heartbeat: refreshes the row and emits `presence_heartbeat`, then `status_changed` only
 * when a previous row had another status (docs/policies.md#presence). `isActive` follows the status
 * (docs/api.md#presence).
 */
export function decideHeartbeat(origin: EventOrigin, previous: PresenceState | null, input: HeartbeatInput): PresenceDecision {
  const at = origin.now.toISOString();
  const expiresAt = new Date(origin.now.getTime() + input.ttlMs).toISOString();
  const next: PresenceState = {
    tenantId: origin.tenantId,
    roomId: origin.roomId,
    actorId: input.actorId,
    status: input.status,
    lastHeartbeatAt: at,
    ttlMs: input.ttlMs,
    expiresAt,
    isActive: input.status !== 'inactive',
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
  };
  const heartbeat = createEvent(origin, {
    type: 'presence_heartbeat',
    actorId: input.actorId,
    payload: { status: input.status, ttlMs: input.ttlMs, lastHeartbeatAt: at, expiresAt },
    causationId: input.causationId ?? null,
  });
  const events: NewEvent[] = [heartbeat];
  if (previous && previous.status !== input.status) {
    events.push(
      createEvent(origin, {
        type: 'status_changed',
        actorId: input.actorId,
        causationId: heartbeat.eventId,
        payload: buildStatusChangedPayload({
          fromStatus: previous.status,
          toStatus: input.status,
          reason: input.reason,
          source: input.source,
          changedAt: at,
          lastHeartbeatAt: at,
          expiresAt,
        }),
      }),
    );
  }
  return { next, events };
}

export interface MarkInactiveInput {
  actorId: string;
  reason: string;
  source: string;
  operatorId?: string | null;
  causationId?: string | null;
}

/**
 * Leave, force-leave and TTL expiry: the row becomes inactive with one `status_changed`, or
 * nothing happens when there is no row or it is already inactive.
 */
export function decideMarkInactive(origin: EventOrigin, previous: PresenceState | null, input: MarkInactiveInput): PresenceDecision {
  if (!previous || previous.status === 'inactive') return { next: previous, events: [] };
  const at = origin.now.toISOString();
  const next: PresenceState = { ...previous, status: 'inactive', isActive: false, updatedAt: at };
  const event = createEvent(origin, {
    type: 'status_changed',
    actorId: input.actorId,
    causationId: input.causationId ?? null,
    payload: buildStatusChangedPayload({
      fromStatus: previous.status,
      toStatus: 'inactive',
      reason: input.reason,
      source: input.source,
      changedAt: at,
      lastHeartbeatAt: previous.lastHeartbeatAt,
      expiresAt: previous.expiresAt,
      operatorId: input.operatorId ?? null,
    }),
  });
  return { next, events: [event] };
}

/**
 * TTL expiry of one row (docs/policies.md#presence): inactive with a `status_changed` of reason
 * `heartbeat_ttl_expired`, source `system`, under the sweep's own fresh correlation id.
 */
export function decideTtlExpiry(previous: PresenceState, now: Date, correlationId: string): PresenceDecision {
  return decideMarkInactive(
    { tenantId: previous.tenantId, roomId: previous.roomId, correlationId, now },
    previous,
    { actorId: previous.actorId, reason: 'heartbeat_ttl_expired', source: 'system' },
  );
}
