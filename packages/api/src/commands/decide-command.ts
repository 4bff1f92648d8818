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

const EVENT_TYPE: Record<CommandInput['action'], string> = {
  enter: 'agent_entered',
  leave: 'agent_left',
  move: 'actor_moved',
  say: 'conversation_message_posted',
  conversation_message: 'conversation_message_posted',
  order: 'order_changed',
};

function buildMainPayload(input: CommandInput, state: CommandState, at: string): { payload: Record<string, unknown>; position: Position | null } {
  switch (input.action) {
    case 'enter': {
      const position = input.requestedPosition ? clampPosition(input.requestedPosition) : (state.position ?? { ...GRID_CENTRE });
      return { payload: buildAgentEnteredPayload(input.payload, position, at), position };
    }
    case 'leave':
      return { payload: buildAgentLeftPayload(input.payload, at), position: null };
    case 'move': {
      const position = movePosition(state.position ?? { ...GRID_CENTRE }, input.direction, input.steps);
      const payload: Record<string, unknown> = { direction: input.direction, steps: input.steps };
      if (input.intent !== undefined) payload.intent = input.intent;
      payload.position = position;
      return { payload, position };
    }
    case 'say':
    case 'conversation_message': {
      const m = input.message;
      const messageId = m.messageId ?? randomUUID();
      const threadId = m.threadId ?? m.parentMessageId ?? m.replyToMessageId ?? messageId;
      return {
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
        position: null,
      };
    }
    case 'order':
      return { payload: { itemId: input.itemId, size: input.size }, position: null };
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
  const at = origin.now.toISOString();
  const main = buildMainPayload(input, state, at);
  const mainEvent = createEvent(origin, { type: EVENT_TYPE[input.action], actorId, payload: main.payload, causationId: options.causationId });
  const events: NewEvent[] = [mainEvent];

  if (input.action === 'say' || input.action === 'conversation_message') {
    const conversation = main.payload.conversation as { messageId: string; threadId: string };
    for (const mentionedActorId of input.message.mentions) {
      events.push(
        createEvent(origin, {
          type: 'mention_created',
          actorId,
          causationId: mainEvent.eventId,
          payload: { mentionedActorId, sourceMessageId: conversation.messageId, threadId: conversation.threadId },
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
