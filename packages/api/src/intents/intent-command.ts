import { z } from 'zod';
import { getDefaults } from '../deps';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { findPosition, savePosition } from '../positions/position-store';
import { findPresence, savePresence } from '../presence/presence-store';
import { idField, optionalObject, optionalOpaqueId, parseFields, requiredString } from '../request/fields';
import { addTraceStep } from '../traces/trace-store';
import { decideIntent, resolveIntentTarget } from './plan-intent';

function buildIntentSchema(defaults: { tenantId: string; roomId: string }) {
  return z.object({
    tenantId: idField('tenantId', defaults.tenantId),
    roomId: idField('roomId', defaults.roomId),
    actorId: requiredString('actorId'),
    correlationId: optionalOpaqueId('correlationId'),
    intent: requiredString('intent'),
    payload: optionalObject('payload'),
  });
}

// Built once per pair of defaults: compiling a zod object per request costs real CPU.
const schemas = new Map<string, ReturnType<typeof buildIntentSchema>>();
function intentSchema(defaults: { tenantId: string; roomId: string }) {
  const key = `${defaults.tenantId}\u0000${defaults.roomId}`;
  let schema = schemas.get(key);
  if (!schema) schemas.set(key, (schema = buildIntentSchema(defaults)));
  return schema;
}

/**
 * `POST /v1/intents/execute` (docs/api.md#commands): Gate as `intent:<name>`, Cap `canMove` and Override under the
 * intent's name, Moderation as `intent:<name>`, then the target is resolved (its errors come
 * after moderation) and the path planned.
 */
export const intentCommand = defineCommand({
  method: 'POST',
  path: '/v1/intents/execute',
  parse: ({ body }, env) => {
    const fields = parseFields(intentSchema(getDefaults({ env })), body);
    // Without `payload`, the whole body carries the intent's arguments.
    return { ...fields, args: fields.payload ?? body };
  },
  key: ({ tenantId, roomId, actorId, intent, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    scope: scopes.intent(roomId, actorId, intent),
    locks: [locks.actor(tenantId, roomId, actorId)],
  }),
  gate: ({ tenantId, roomId, actorId, intent }) => ({ tenantId, roomId, actorId, action: `intent:${intent}`, rule: { kind: 'session' } }),
  permission: ({ tenantId, roomId, actorId, intent }) => ({ tenantId, roomId, actorId, action: intent, capability: 'canMove' }),
  override: ({ tenantId, roomId, actorId, intent }) => ({ tenantId, roomId, actorId, action: intent }),
  moderation: ({ intent }) => ({ action: `intent:${intent}` }),
  load: async ({ tx }, { tenantId, roomId, actorId }) => {
    const [presence, position] = await Promise.all([findPresence(tx, tenantId, roomId, actorId), findPosition(tx, tenantId, roomId, actorId)]);
    return { presence, position };
  },
  decide: ({ tenantId, roomId, actorId, intent, args }, state, { correlationId, now, env }) => {
    const target = resolveIntentTarget(intent, args);
    const plan = decideIntent({ tenantId, roomId, correlationId, now }, actorId, target, state, { presenceTtlMs: env.PRESENCE_DEFAULT_TTL_MS });
    return { ...plan, target };
  },
  persist: async ({ tx, now, trace }, { nextPresence, target, completed, path, events }) => {
    addTraceStep(trace, 'RC_INTENT_PLANNED', { intent: target.intent, label: target.label, legs: path.length });
    addTraceStep(trace, 'RC_INTENT_EXECUTED', { events: events.length });
    await Promise.all([savePresence(tx, nextPresence), savePosition(tx, completed.tenantId, completed.roomId, completed.actorId, target.target, now)]);
  },
  respond: ({ input: { intent }, decision, appended, correlationId }) => {
    const final = appended.find((event) => event.eventId === decision.completed.eventId)!;
    return {
      status: 202,
      data: {
        accepted: true,
        intent,
        label: decision.target.label,
        from: decision.from,
        target: decision.target.target,
        path: decision.path,
        correlationId,
        eventIds: appended.map((event) => event.eventId),
        finalEventId: final.eventId,
        finalSequence: final.sequence,
        presence: decision.nextPresence,
      },
    };
  },
});
