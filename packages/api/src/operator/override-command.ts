import { summariseEmitted } from '../events/new-event';
import { getDefaults } from '../deps';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { findPresence, savePresence } from '../presence/presence-store';
import { appendAuditEntry } from './audit-store';
import { decideOverride } from './decide-override';
import { defaultOverrideState } from './override-state';
import { findOverrideState, saveOverrideState } from './override-store';
import { parseOverrideRequest } from './parse-override';

/**
 * `POST /v1/operator/overrides` (docs/api.md#operator-overrides-and-audit): operator credential (when configured)
 * → pre-checks → Idem → Cap `canModerate` for `operatorId` in the room → the events, then the
 * override state, the audit entry and (force leave) the target's presence. No override or
 * moderation check: operators act on paused rooms too.
 */
export const overrideCommand = defineCommand({
  method: 'POST',
  path: '/v1/operator/overrides',
  operatorOnly: 'operator_override',
  parse: ({ body }, env) => parseOverrideRequest(body, getDefaults({ env }).tenantId),
  key: ({ tenantId, roomId, operatorId, action, targetActorId, correlationId }) => ({
    tenantId,
    roomId,
    actorId: operatorId,
    correlationId,
    scope: scopes.operatorOverride(tenantId, roomId, action, targetActorId ?? undefined),
    // Exclusive on the room's override state; force leave also rewrites the target's presence
    // row, so it holds the same key as the target's own commands.
    locks: [locks.roomOverride(tenantId, roomId), ...(action === 'force_leave' ? [locks.actor(tenantId, roomId, targetActorId!)] : [])],
  }),
  permission: ({ tenantId, roomId, operatorId, action }) => ({ tenantId, roomId, actorId: operatorId, action }),
  load: async ({ tx }, { tenantId, roomId, action, targetActorId }) => {
    const [stored, targetPresence] = await Promise.all([
      findOverrideState(tx, tenantId, roomId),
      action === 'force_leave' ? findPresence(tx, tenantId, roomId, targetActorId!) : Promise.resolve(null),
    ]);
    return { state: stored ?? defaultOverrideState(tenantId, roomId), targetPresence };
  },
  decide: (input, { state, targetPresence }, { correlationId, now, requestId }) => ({
    ...decideOverride({ tenantId: input.tenantId, roomId: input.roomId, correlationId, now, requestId }, state, input, targetPresence),
    targetPresence,
  }),
  persist: async ({ tx }, decision) => {
    const [override, audit] = await Promise.all([
      saveOverrideState(tx, decision.next),
      appendAuditEntry(tx, decision.audit),
      decision.nextPresence && decision.nextPresence !== decision.targetPresence ? savePresence(tx, decision.nextPresence) : undefined,
    ]);
    return { override, audit };
  },
  respond: ({ input, persisted, appended, correlationId, now }) => ({
    status: 202,
    data: {
      override: persisted.override,
      action: {
        action: input.action,
        operatorId: input.operatorId,
        targetActorId: input.targetActorId,
        reason: input.reason,
        metadata: input.metadata,
        at: now.toISOString(),
      },
      audit: persisted.audit,
      emittedEvents: summariseEmitted(appended),
      correlationId,
    },
  }),
});
