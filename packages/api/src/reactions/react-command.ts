import type { EventEnvelope } from '@cafe/shared';
import { createEvent } from '../events/new-event';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { REACTION_EVENT_TYPES, type ReactionPayload } from './decide-reaction';
import type { ReactionAction, ReactionSubscription } from './reaction-subscription';
import { recordReactionTriggered } from './reaction-store';

export interface PreparedReaction {
  subscription: ReactionSubscription;
  trigger: EventEnvelope;
  action: ReactionAction;
  payload: ReactionPayload;
  text: string | null;
}

/**
 * One reaction as a command module, run by the same runner as the API's commands: the
 * reacting actor's capability, the room's override (action = the reaction's action) and
 * moderation (`reaction:<action>`, source `reaction`) are the API's own steps, under the
 * actor's lock. Its idempotency key is (subscription, triggering event): a trigger read again
 * after a crash replays instead of reacting twice. Presence, mentions and positions are not
 * touched (docs/api.md#reaction-subscriptions: not applied to reactions).
 */
export function buildReactCommand(prepared: PreparedReaction) {
  const { subscription, trigger, action } = prepared;
  const actor = { tenantId: trigger.tenantId, roomId: trigger.roomId, actorId: subscription.targetActorId };
  return defineCommand({
    method: 'POST',
    path: '/internal/reactions',
    parse: () => prepared,
    key: () => ({
      ...actor,
      correlationId: trigger.correlationId,
      route: `reaction:${subscription.id}`,
      scope: scopes.reactionTrigger(subscription.id, trigger.eventId),
      locks: [locks.actor(actor.tenantId, actor.roomId, actor.actorId), locks.reactionSubscription(subscription.id)],
    }),
    permission: () => ({ ...actor, action }),
    override: () => ({ ...actor, action }),
    moderation: () => ({ action: `reaction:${action}`, text: prepared.text, source: 'reaction' as const }),
    decide: (_input, _state, { correlationId, now }) => ({
      events: [
        createEvent(
          { tenantId: actor.tenantId, roomId: actor.roomId, correlationId, now },
          { type: REACTION_EVENT_TYPES[action], actorId: actor.actorId, payload: prepared.payload, causationId: trigger.eventId },
        ),
      ],
    }),
    persist: ({ tx, now }) => recordReactionTriggered(tx, subscription.id, trigger.eventId, now),
    respond: ({ appended }) => ({ status: 200, data: { eventId: appended[0]!.eventId } }),
  });
}
