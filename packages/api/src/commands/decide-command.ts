import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import { buildAgentEnteredPayload, buildAgentLeftPayload } from '../events/presence-payloads';
import { clampPosition, GRID_CENTRE, movePosition, type Position } from '../grid/grid';
import { decideHeartbeat, decideMarkInactive } from '../presence/decide-presence';
import type { PresenceState } from '../presence/presence-state';
import type { CommandInput } from './parse-command';

export interface CommandState {
  presence: PresenceState | null;
  /** Last known position in the room, or null (then the grid centre applies). */
  position: Position | null;
}

export interface CommandDecision {
  /** In append order: main event, mentions, heartbeat, status change. */
  events: NewEvent[];
  mainEvent: NewEvent;
  nextPresence: PresenceState | null;
  nextPosition: Position | null;
}

interface MainEvent {
  event: NewEvent;
  position: Position | null;
  /** The posted message, for its mention events; speaking actions only. */
  message?: { messageId: string; threadId: string };
}

/** The command's main event (docs/api.md#commands), caused by the body's `causationId` when given. */
function buildMainEvent(origin: EventOrigin, actorId: string, input: CommandInput, state: CommandState, causationId: string | null): MainEvent {
  const at = origin.now.toISOString();
  const base = { actorId, causationId };
  switch (input.action) {
    case 'enter': {
      const position = input.requestedPosition ? clampPosition(input.requestedPosition) : (state.position ?? { ...GRID_CENTRE });
      return { event: createEvent(origin, { ...base, type: 'agent_entered', payload: buildAgentEnteredPayload(input.payload, position, at) }), position };
    }
    case 'leave':
      return { event: createEvent(origin, { ...base, type: 'agent_left', payload: buildAgentLeftPayload(input.payload, at) }), position: null };
    case 'move': {
      const position = movePosition(state.position ?? { ...GRID_CENTRE }, input.direction, input.steps);
      const intent = input.intent !== undefined ? { intent: input.intent } : {};
      const payload = { direction: input.direction, steps: input.steps, ...intent, position };
      return { event: createEvent(origin, { ...base, type: 'actor_moved', payload }), position };
    }
    case 'say':
    case 'conversation_message': {
      const m = input.message;
      const messageId = m.messageId ?? randomUUID();
      const threadId = m.threadId ?? m.parentMessageId ?? m.replyToMessageId ?? messageId;
      const event = createEvent(origin, {
        ...base,
        type: 'conversation_message_posted',
        payload: {
          conversation: {
            messageId,
            threadId,
            parentMessageId: m.parentMessageId,
            replyToMessageId: m.replyToMessageId,
            mentions: m.mentions,
            contextWindow: { id: m.contextWindowId, maxItems: m.contextWindowMaxItems },
            text: m.text,
            metadata: m.metadata,
          },
          bubble: { text: m.text, ttlMs: m.ttlMs },
        },
      });
      return { event, position: null, message: { messageId, threadId } };
    }
    case 'order':
      return { event: createEvent(origin, { ...base, type: 'order_changed', payload: { itemId: input.itemId, size: input.size } }), position: null };
  }
}

/**
 * Decides a command's events and state changes from its input and the actor's current state
 * (docs/api.md#commands, docs/events.md#catalogue). Pure: no clock or I/O beyond the origin it is given.
 */
export function decideCommand(
  origin: EventOrigin,
  actorId: string,
  input: CommandInput,
  state: CommandState,
  options: { causationId: string | null; presenceTtlMs: number },
): CommandDecision {
  const main = buildMainEvent(origin, actorId, input, state, options.causationId);
  const mainEvent = main.event;
  const events: NewEvent[] = [mainEvent];

  if (main.message && (input.action === 'say' || input.action === 'conversation_message')) {
    const message = main.message;
    for (const mentionedActorId of input.message.mentions) {
      events.push(
        createEvent(origin, {
          type: 'mention_created',
          actorId,
          causationId: mainEvent.eventId,
          payload: { mentionedActorId, sourceMessageId: message.messageId, threadId: message.threadId },
        }),
      );
    }
  }

  const presence =
    input.action === 'leave'
      ? decideMarkInactive(origin, state.presence, { actorId, reason: 'agent_left', source: 'agent', causationId: mainEvent.eventId })
      : decideHeartbeat(origin, state.presence, {
          actorId,
          status: input.action === 'enter' ? 'idle' : 'busy',
          ttlMs: options.presenceTtlMs,
          reason: 'command_activity',
          source: 'agent',
          causationId: mainEvent.eventId,
        });
  events.push(...presence.events);
  return { events, mainEvent, nextPresence: presence.next, nextPosition: main.position };
}
