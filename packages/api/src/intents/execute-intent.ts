import { z } from 'zod';
import { commitEvents } from '../events/commit-events';
import { getDefaults, getMutationDeps } from '../deps';
import { runMutation, type MutationResult } from '../mutation/run-mutation';
import { findPosition, savePosition } from '../positions/position-store';
import { findPresence, savePresence } from '../presence/presence-store';
import { idField, optionalObject, optionalOpaqueId, parseFields, requiredString } from '../request/fields';
import { addTraceStep } from '../traces/trace-store';
import type { ApiRuntime } from '../runtime';
import { assertModerationAllows } from '../moderation/assert-moderation';
import { assertOverrideAllows } from '../operator/assert-override';
import { assertPermitted } from '../permissions/assert-permission';
import { decideIntent, resolveIntentTarget } from './plan-intent';

export interface IntentRequest {
  body: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | undefined;
}

/** `POST /v1/intents/execute` (api.md §4). */
export async function executeIntent(runtime: ApiRuntime, request: IntentRequest): Promise<MutationResult> {
  const defaults = getDefaults(runtime);
  const fields = parseFields(
    z.object({
      tenantId: idField('tenantId', defaults.tenantId),
      roomId: idField('roomId', defaults.roomId),
      actorId: requiredString('actorId'),
      correlationId: optionalOpaqueId('correlationId'),
      intent: requiredString('intent'),
      payload: optionalObject('payload'),
    }),
    request.body,
  );
  const { tenantId, roomId, actorId, intent } = fields;
  // Without `payload`, the whole body carries the intent's arguments.
  const args = fields.payload ?? request.body;
  return runMutation(
    getMutationDeps(runtime),
    {
      route: '/v1/intents/execute',
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      roomId,
      actorId,
      scope: `${roomId}:${actorId}:/v1/intents/execute:${intent}`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      correlationId: fields.correlationId,
      lockKeys: [`actor:${tenantId}:${roomId}:${actorId}`],
    },
    async (ctx) => {
      const { tx, now, correlationId, trace } = ctx;
      // Cap `canMove` and Override under the intent's name, Moderation as `intent:<name>` (api.md §4).
      await assertPermitted(tx, { tenantId, roomId, actorId, action: intent, capability: 'canMove' }, correlationId);
      await assertOverrideAllows(ctx, { tenantId, roomId, actorId, action: intent });
      await assertModerationAllows(runtime, ctx, { tenantId, roomId, actorId, action: `intent:${intent}` });
      const target = resolveIntentTarget(intent, args);
      const [presence, position] = await Promise.all([findPresence(tx, tenantId, roomId, actorId), findPosition(tx, tenantId, roomId, actorId)]);
      const decision = decideIntent({ tenantId, roomId, correlationId, now }, actorId, target, { presence, position }, {
        presenceTtlMs: runtime.env.PRESENCE_DEFAULT_TTL_MS,
      });
      addTraceStep(trace, 'RC_INTENT_PLANNED', { intent, label: target.label, legs: decision.path.length });
      const appended = await commitEvents(ctx, decision.events, runtime.unread);
      await Promise.all([savePresence(tx, decision.nextPresence), savePosition(tx, tenantId, roomId, actorId, target.target, now)]);
      addTraceStep(trace, 'RC_INTENT_EXECUTED', { events: appended.length });
      const final = appended.find((event) => event.eventId === decision.completed.eventId)!;
      return {
        status: 202,
        data: {
          accepted: true,
          intent,
          label: target.label,
          from: decision.from,
          target: target.target,
          path: decision.path,
          correlationId,
          eventIds: appended.map((event) => event.eventId),
          finalEventId: final.eventId,
          finalSequence: final.sequence,
          presence: decision.nextPresence,
        },
      };
    },
  );
}
