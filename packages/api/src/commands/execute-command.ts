import { summariseEmitted } from '../events/new-event';
import { commitEvents } from '../events/commit-events';
import { getDefaults, getMutationDeps } from '../deps';
import { runMutation, type MutationResult } from '../mutation/run-mutation';
import { savePosition, findPosition } from '../positions/position-store';
import { findPresence, savePresence } from '../presence/presence-store';
import { addTraceStep } from '../traces/trace-store';
import type { ApiRuntime } from '../runtime';
import { assertModerationAllows } from '../moderation/assert-moderation';
import { assertOverrideAllows } from '../operator/assert-override';
import { assertPermitted } from '../permissions/assert-permission';
import { decideCommand } from './decide-command';
import { parseCausationId, parseCommandEnvelope, parseCommandInput, type CommandAction } from './parse-command';

export interface CommandRequest {
  action: CommandAction;
  route: string;
  body: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | undefined;
}

/**
 * Runs `POST /v1/commands/{action}` and `POST /v1/conversations/messages` (api.md §3): pre-checks,
 * then one transaction that replays or reads the actor's state, decides, appends the events
 * and writes presence, position and inbox items.
 */
export async function executeCommand(runtime: ApiRuntime, request: CommandRequest): Promise<MutationResult> {
  const { env } = runtime;
  const envelope = parseCommandEnvelope(request.body, getDefaults(runtime));
  const { tenantId, roomId, actorId } = envelope;
  return runMutation(
    getMutationDeps(runtime),
    {
      route: request.route,
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      roomId,
      actorId,
      scope: `${roomId}:${actorId}:${request.route}`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      correlationId: envelope.correlationId,
      // One writer per actor and room at a time: positions and presence are read-modify-write.
      lockKeys: [`actor:${tenantId}:${roomId}:${actorId}`],
    },
    async (ctx) => {
      const { tx, now, correlationId, trace } = ctx;
      const subject = { tenantId, roomId, actorId, action: request.action };
      await assertPermitted(tx, subject, correlationId);
      await assertOverrideAllows(ctx, subject);
      const input = parseCommandInput(request.action, request.body, { maxChatChars: env.API_MAX_CHAT_MESSAGE_CHARS });
      const [presence, position] = await Promise.all([
        findPresence(tx, tenantId, roomId, actorId),
        findPosition(tx, tenantId, roomId, actorId),
      ]);
      await assertModerationAllows(runtime, ctx, { ...subject, text: 'message' in input ? input.message.text : null });
      const causationId = parseCausationId(request.body);
      const decision = decideCommand({ tenantId, roomId, correlationId, now }, actorId, input, { presence, position }, {
        causationId,
        presenceTtlMs: env.PRESENCE_DEFAULT_TTL_MS,
      });
      const appended = await commitEvents(ctx, decision.events, runtime.unread);
      addTraceStep(trace, 'RC_EVENT_APPEND_OK', { events: appended.length });
      const writes: Promise<unknown>[] = [];
      if (decision.nextPresence && decision.nextPresence !== presence) writes.push(savePresence(tx, decision.nextPresence));
      if (decision.nextPosition) writes.push(savePosition(tx, tenantId, roomId, actorId, decision.nextPosition, now));
      await Promise.all(writes);
      const main = appended[0]!;
      return {
        status: 202,
        data: {
          accepted: true,
          action: request.action,
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
  );
}
