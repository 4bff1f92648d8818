import { commitEvents } from '../events/commit-events';
import { summariseEmitted } from '../events/new-event';
import { getDefaults, getMutationDeps } from '../deps';
import { runMutation, type MutationResult } from '../mutation/run-mutation';
import { assertPermitted } from '../permissions/assert-permission';
import { findPresence, savePresence } from '../presence/presence-store';
import { addTraceStep } from '../traces/trace-store';
import type { ApiRuntime } from '../runtime';
import { roomOverrideLockKey } from './assert-override';
import { appendAuditEntry } from './audit-store';
import { assertOperatorRole, type CallerRole } from './caller-role';
import { decideOverride } from './decide-override';
import { defaultOverrideState } from './override-state';
import { findOverrideState, saveOverrideState } from './override-store';
import { parseOverrideRequest } from './parse-override';

export interface OverrideRequest {
  body: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | undefined;
  callerRole: CallerRole;
}

/**
 * `POST /v1/operator/overrides` (api.md §19.2): operator credential (when configured) →
 * pre-checks → Idem → Cap `canModerate` for `operatorId` in the room → append the events →
 * write the override state, the audit entry and (force leave) the target's presence.
 * No Gate, Override or Moderation: operators act on paused rooms too.
 */
export async function applyOperatorOverride(runtime: ApiRuntime, request: OverrideRequest): Promise<MutationResult> {
  assertOperatorRole(request.callerRole, runtime.env.OPERATOR_AUTH_TOKEN, 'operator_override');
  const input = parseOverrideRequest(request.body, getDefaults(runtime).tenantId);
  const { tenantId, roomId, operatorId, action, targetActorId } = input;
  const lockKeys = [roomOverrideLockKey(tenantId, roomId)];
  // Force leave rewrites the target's presence row: hold the same key as its own commands.
  if (action === 'force_leave') lockKeys.push(`actor:${tenantId}:${roomId}:${targetActorId}`);
  return runMutation(
    getMutationDeps(runtime),
    {
      route: '/v1/operator/overrides',
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      roomId,
      actorId: operatorId,
      scope: `${tenantId}:${roomId}:operator-overrides:${action}:${targetActorId ?? '-'}`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      correlationId: input.correlationId,
      lockKeys,
    },
    async (ctx) => {
      const { tx, now, correlationId, trace } = ctx;
      await assertPermitted(tx, { tenantId, roomId, actorId: operatorId, action }, correlationId);
      const [stored, targetPresence] = await Promise.all([
        findOverrideState(tx, tenantId, roomId),
        action === 'force_leave' ? findPresence(tx, tenantId, roomId, targetActorId!) : Promise.resolve(null),
      ]);
      const decision = decideOverride(
        { tenantId, roomId, correlationId, now, requestId: request.requestId },
        stored ?? defaultOverrideState(tenantId, roomId),
        input,
        targetPresence,
      );
      const appended = await commitEvents(ctx, decision.events, runtime.unread);
      addTraceStep(trace, 'RC_EVENT_APPEND_OK', { events: appended.length, action });
      const [override, audit] = await Promise.all([
        saveOverrideState(tx, decision.next),
        appendAuditEntry(tx, decision.audit),
        decision.nextPresence && decision.nextPresence !== targetPresence ? savePresence(tx, decision.nextPresence) : undefined,
      ]);
      return {
        status: 202,
        data: {
          override,
          action: { action, operatorId, targetActorId, reason: input.reason, metadata: input.metadata, at: now.toISOString() },
          audit,
          emittedEvents: summariseEmitted(appended),
          correlationId,
        },
      };
    },
  );
}
