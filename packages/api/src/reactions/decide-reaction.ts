import type { Direction, EventEnvelope, EventPayload, EventType } from '@cafe/shared';
import { REACTION_ACTIONS, type ReactionAction, type ReactionSubscription } from './reaction-subscription';

/** The event type each reaction action appends (docs/api.md#reaction-subscriptions step 7). */
export const REACTION_EVENT_TYPES = {
  say: 'conversation_message_posted',
  move: 'actor_moved',
  order: 'order_changed',
} as const satisfies Record<ReactionAction, EventType>;

/** The payload of a reaction-made event, typed by the event catalogue. */
export type ReactionPayload = EventPayload<(typeof REACTION_EVENT_TYPES)[ReactionAction]>;

export interface ReactionMarker {
  sourceSubscriptionId: string;
  sourceEventId: string;
}

export type TriggerDecision =
  | { kind: 'skip'; reason: string }
  | { kind: 'fail'; error: string }
  | { kind: 'react'; action: ReactionAction; payload: ReactionPayload; text: string | null };

/** The `reaction` marker of an event that a reaction made, or null. */
export function readReactionMarker(event: EventEnvelope): ReactionMarker | null {
  const marker = event.payload.reaction as Partial<ReactionMarker> | undefined;
  return marker && typeof marker.sourceSubscriptionId === 'string' ? (marker as ReactionMarker) : null;
}

/**
 * Does this subscription react to this event, and with what (docs/api.md#reaction-subscriptions steps 1, 2 and 6)? Skips
 * (no record update): unknown action, another author than `sourceActorId`, the target's own
 * event with `ignoreSelf`, a reaction-made event with `ignoreReactionEvents`, a type or room
 * that does not match, or inside the cooldown. `messageId` is the new message's id (say).
 */
export function decideReactionTrigger(subscription: ReactionSubscription, event: EventEnvelope, now: Date, messageId: string): TriggerDecision {
  const skip = (reason: string): TriggerDecision => ({ kind: 'skip', reason });
  if (!subscription.enabled) return skip('disabled');
  if (!(REACTION_ACTIONS as readonly string[]).includes(subscription.actionType)) return skip('unknown action');
  if (subscription.tenantId !== event.tenantId) return skip('tenant');
  if (subscription.roomId !== null && subscription.roomId !== event.roomId) return skip('room');
  if (!subscription.triggerEventTypes.includes('*') && !subscription.triggerEventTypes.includes(event.type)) return skip('type');
  if (subscription.sourceActorId !== null && subscription.sourceActorId !== event.actorId) return skip('source actor');
  if (subscription.ignoreSelf && event.actorId === subscription.targetActorId) return skip('self');
  if (subscription.ignoreReactionEvents && readReactionMarker(event)) return skip('reaction event');
  if (event.timestamp < subscription.createdAt) return skip('older than the subscription');
  if (subscription.lastTriggeredAt !== null && now.getTime() - Date.parse(subscription.lastTriggeredAt) < subscription.cooldownMs) return skip('cooldown');

  const reaction: ReactionMarker = { sourceSubscriptionId: subscription.id, sourceEventId: event.eventId };
  const action = subscription.actionPayload;
  switch (subscription.actionType) {
    case 'say': {
      const text = typeof action.text === 'string' ? action.text.trim() : '';
      if (!text) return { kind: 'fail', error: 'missing reaction text' };
      const conversation = (event.payload.conversation ?? {}) as { messageId?: unknown; threadId?: unknown };
      const parentId = typeof conversation.messageId === 'string' ? conversation.messageId : null;
      const threadId = (typeof conversation.threadId === 'string' && conversation.threadId) || parentId || messageId;
      const ttlMs = typeof action.ttlMs === 'number' ? action.ttlMs : 7000;
      return {
        kind: 'react',
        action: 'say',
        text,
        payload: {
          conversation: {
            messageId,
            threadId,
            parentMessageId: parentId,
            replyToMessageId: parentId,
            mentions: Array.isArray(action.mentions) ? action.mentions.map(String) : [],
            contextWindow: { id: null, maxItems: 20 },
            text,
            metadata: { reaction },
          },
          bubble: { text, ttlMs },
          reaction,
        },
      };
    }
    case 'move':
      // The subscription's actionPayload was validated and normalised when it was stored (validate-reaction).
      return { kind: 'react', action: 'move', text: null, payload: { direction: action.direction as Direction, steps: action.steps as number, intent: 'reaction', reaction } };
    case 'order': {
      const itemId = typeof action.itemId === 'string' ? action.itemId.trim() : '';
      if (!itemId) return { kind: 'fail', error: 'missing itemId' };
      return { kind: 'react', action: 'order', text: null, payload: { itemId, size: typeof action.size === 'string' ? action.size : 'regular', reaction } };
    }
  }
}

/**
 * The failure text recorded when a check refuses the reacting actor (docs/api.md#reaction-subscriptions steps 3–5):
 * `operator_override:<code>`, `moderated:<code>`, `forbidden:<capability>`. Null: not a check
 * refusal (then it is a failed append, recorded with its message).
 */
export function describeRefusal(error: { code: string; details: Record<string, unknown> }): string | null {
  if (error.code === 'ERR_OPERATOR_OVERRIDE_BLOCKED') return `operator_override:${String(error.details.reasonCode)}`;
  if (error.code === 'ERR_MODERATION_BLOCKED') return `moderated:${String(error.details.reasonCode)}`;
  if (error.code === 'ERR_FORBIDDEN') return `forbidden:${String(error.details.capability)}`;
  return null;
}
