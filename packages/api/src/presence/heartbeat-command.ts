import { summariseEmitted } from '../events/new-event';
import { getDefaults } from '../deps';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { decideHeartbeat } from './decide-presence';
import { parseHeartbeat } from './parse-heartbeat';
import { findPresence, savePresence } from './presence-store';

/**
 * `POST /v1/presence/heartbeat` (docs/api.md#presence): refreshes the actor's presence,
 * appends `presence_heartbeat` and, when the status changed, `status_changed` (reason
 * `heartbeat_update`). No capability, override or moderation check. 202.
 */
export const heartbeatCommand = defineCommand({
  method: 'POST',
  path: '/v1/presence/heartbeat',
  parse: ({ body }, env) => parseHeartbeat(body, { ...getDefaults({ env }), ttlMs: env.PRESENCE_DEFAULT_TTL_MS }),
  key: ({ tenantId, roomId, actorId, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    scope: scopes.heartbeat(tenantId, roomId, actorId),
    locks: [locks.actor(tenantId, roomId, actorId)],
  }),
  load: ({ tx }, { tenantId, roomId, actorId }) => findPresence(tx, tenantId, roomId, actorId),
  decide: ({ tenantId, roomId, actorId, status, ttlMs }, previous, { correlationId, now }) =>
    decideHeartbeat({ tenantId, roomId, correlationId, now }, previous, { actorId, status, ttlMs, reason: 'heartbeat_update', source: 'agent' }),
  persist: async ({ tx }, decision) => {
    await savePresence(tx, decision.next!);
  },
  respond: ({ decision, appended, correlationId }) => ({
    status: 202,
    data: { presence: decision.next, emittedEvents: summariseEmitted(appended), correlationId },
  }),
});
