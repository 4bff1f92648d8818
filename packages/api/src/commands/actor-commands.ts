import { summariseEmitted } from '../events/new-event';
import { getDefaults } from '../deps';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { findPosition, savePosition } from '../positions/position-store';
import { findPresence, savePresence } from '../presence/presence-store';
import { decideCommand, type CommandState } from './decide-command';
import { parseCausationId, parseCommandEnvelope, parseCommandInput, type CommandAction } from './parse-command';

/**
 * `POST /v1/commands/{enter|leave|move|say|order}` and `POST /v1/conversations/messages`
 * (docs/api.md#commands): one module shape, six routes. Each runs Gate (not `leave`; `enter`
 * with the seat cap) → Cap → Override → payload validation → Moderation (text checked for
 * speaking actions) → decide, under the actor's lock.
 */
function defineActorCommand(action: CommandAction, path: string) {
  return defineCommand({
    method: 'POST',
    path,
    parse: (request, env) => ({ ...parseCommandEnvelope(request.body, getDefaults({ env })), body: request.body }),
    key: ({ tenantId, roomId, actorId, correlationId }) => ({
      tenantId,
      roomId,
      actorId,
      correlationId,
      scope: scopes.actorCommand(roomId, actorId, path),
      locks: [locks.actor(tenantId, roomId, actorId)],
    }),
    // Leaving is never gated; entering also takes a seat (docs/private-tables.md#the-gate).
    gate: action === 'leave' ? undefined : ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action, rule: { kind: 'session', seatCap: action === 'enter' } }),
    permission: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action }),
    override: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action }),
    validate: (pre, _request, env) => ({ ...pre, command: parseCommandInput(action, pre.body, { maxChatChars: env.API_MAX_CHAT_MESSAGE_CHARS }) }),
    moderation: ({ command }) => ({ action, text: 'message' in command ? command.message.text : null }),
    load: async ({ tx }, { tenantId, roomId, actorId }): Promise<CommandState> => {
      const [presence, position] = await Promise.all([findPresence(tx, tenantId, roomId, actorId), findPosition(tx, tenantId, roomId, actorId)]);
      return { presence, position };
    },
    decide: ({ tenantId, roomId, actorId, command, body }, state, { correlationId, now, env }) => ({
      ...decideCommand({ tenantId, roomId, correlationId, now }, actorId, command, state, {
        causationId: parseCausationId(body),
        presenceTtlMs: env.PRESENCE_DEFAULT_TTL_MS,
      }),
      previousPresence: state.presence,
    }),
    persist: async ({ tx, now }, decision) => {
      const { nextPresence, nextPosition, previousPresence, mainEvent } = decision;
      await Promise.all([
        nextPresence && nextPresence !== previousPresence ? savePresence(tx, nextPresence) : undefined,
        nextPosition ? savePosition(tx, mainEvent.tenantId, mainEvent.roomId, mainEvent.actorId, nextPosition, now) : undefined,
      ]);
    },
    respond: ({ input: { tenantId, roomId, actorId }, decision, appended, correlationId }) => {
      const main = appended[0]!;
      return {
        status: 202,
        data: {
          accepted: true,
          action,
          eventId: main.eventId,
          sequence: main.sequence,
          correlationId,
          eventType: main.type,
          emittedEvents: summariseEmitted(appended),
          presence: decision.nextPresence,
          actorId,
          roomId,
          tenantId,
        },
      };
    },
  });
}

export const enterCommand = defineActorCommand('enter', '/v1/commands/enter');
export const leaveCommand = defineActorCommand('leave', '/v1/commands/leave');
export const moveCommand = defineActorCommand('move', '/v1/commands/move');
export const sayCommand = defineActorCommand('say', '/v1/commands/say');
export const orderCommand = defineActorCommand('order', '/v1/commands/order');
export const conversationMessageCommand = defineActorCommand('conversation_message', '/v1/conversations/messages');
