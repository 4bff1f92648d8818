import { randomUUID } from 'node:crypto';
import {
  CAPABILITY_STATUS_CHANGED,
  FLEX_REGISTRY_ACTOR_ID,
  FLEX_REGISTRY_ROOM_ID,
  type CapabilityStatusChangedPayload,
  type NewEvent,
} from '@cafe/shared';
import type { StatusTransition } from '../domain/status-transition';

/**
 * The `capability_status_changed` event for one transition: appended in the same transaction
 * as the state change (transactional outbox), carried to realtime by the event transport.
 */
export function toStatusChangedEvent(transition: StatusTransition, tenantId: string): NewEvent {
  const at = new Date(transition.atMs).toISOString();
  const payload: CapabilityStatusChangedPayload = {
    capabilityId: transition.capabilityId,
    fromStatus: transition.from,
    toStatus: transition.to,
    reason: transition.reason,
    version: transition.version,
    at,
  };
  return {
    eventId: randomUUID(),
    tenantId,
    roomId: FLEX_REGISTRY_ROOM_ID,
    actorId: FLEX_REGISTRY_ACTOR_ID,
    type: CAPABILITY_STATUS_CHANGED,
    timestamp: at,
    payload,
    correlationId: randomUUID(),
    causationId: null,
  };
}
