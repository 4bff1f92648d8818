import { PLAN_FEATURES } from '@cafe/shared';
import type { GateCheck } from './decide-gate';

export type SubscriptionGateAction =
  | 'event_subscription_create'
  | 'event_subscription_update'
  | 'event_subscription_delete'
  | 'reaction_subscription_create'
  | 'reaction_subscription_update'
  | 'reaction_subscription_delete';

/**
 * The gate for a webhook or reaction subscription bound to a room (docs/private-tables.md#the-gate):
 * the agent it names must belong to the room's open session, and the plan must include
 * `event_subscriptions`. A subscription for every room (`roomId` null) is not gated; delivery
 * never is.
 */
export function subscriptionGate(
  tenantId: string,
  roomId: string | null | undefined,
  actorId: string | null | undefined,
  action: SubscriptionGateAction,
): GateCheck | undefined {
  if (!roomId) return undefined;
  return { tenantId, roomId, actorId: actorId ?? undefined, action, rule: { kind: 'session', requiredFeature: PLAN_FEATURES.eventSubscriptions } };
}

/**
 * A patch that moves a subscription to another room or names another agent is gated again on
 * what it will be bound to, so a patch cannot reach a table its create would have been refused.
 */
export function patchedSubscriptionGate(
  tenantId: string,
  stored: { roomId: string | null; actorId: string | null },
  patch: { roomId?: string | null; actorId?: string | null },
  action: SubscriptionGateAction,
): GateCheck | undefined {
  if (patch.roomId === undefined && patch.actorId === undefined) return undefined;
  const roomId = patch.roomId === undefined ? stored.roomId : patch.roomId;
  const actorId = patch.actorId === undefined ? stored.actorId : patch.actorId;
  if (roomId === stored.roomId && actorId === stored.actorId) return undefined;
  return subscriptionGate(tenantId, roomId, actorId, action);
}
