import { commitEvents } from '../events/commit-events';
import { summariseEmitted } from '../events/new-event';
import { getDefaults, getMutationDeps } from '../deps';
import { runMutation, type MutationResult } from '../mutation/run-mutation';
import type { ApiRuntime } from '../runtime';
import { decideHeartbeat } from './decide-presence';
import { parseHeartbeat } from './parse-heartbeat';
import { actorLockKey } from './presence-state';
import { findPresence, savePresence } from './presence-store';

export interface HeartbeatRequest {
  body: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | undefined;
}

/**
 * `POST /v1/presence/heartbeat` (api.md §7.3): refreshes the actor's presence, appends
 * `presence_heartbeat` and, when the status changed, `status_changed` (reason
 * `heartbeat_update`). No gate, capability, override or moderation. 202.
 */
export async function executeHeartbeat(runtime: ApiRuntime, request: HeartbeatRequest): Promise<MutationResult> {
  const input = parseHeartbeat(request.body, { ...getDefaults(runtime), ttlMs: runtime.env.PRESENCE_DEFAULT_TTL_MS });
  const { tenantId, roomId, actorId } = input;
  return runMutation(
    getMutationDeps(runtime),
    {
      route: '/v1/presence/heartbeat',
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      roomId,
      actorId,
      scope: `${tenantId}:${roomId}:${actorId}:presence:heartbeat`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      correlationId: input.correlationId,
      lockKeys: [actorLockKey(tenantId, roomId, actorId)],
    },
    async (ctx) => {
      const { tx, now, correlationId } = ctx;
      const previous = await findPresence(tx, tenantId, roomId, actorId);
      const decision = decideHeartbeat({ tenantId, roomId, correlationId, now }, previous, {
        actorId,
        status: input.status,
        ttlMs: input.ttlMs,
        reason: 'heartbeat_update',
        source: 'agent',
      });
      const appended = await commitEvents(ctx, decision.events, runtime.unread);
      await savePresence(tx, decision.next!);
      return { status: 202, data: { presence: decision.next, emittedEvents: summariseEmitted(appended), correlationId } };
    },
  );
}
