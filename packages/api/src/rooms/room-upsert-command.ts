import { summariseEmitted } from '../events/new-event';
import { getDefaults } from '../deps';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import type { VerifiedPayment } from './decide-payment';
import { assertMayReconfigure, decideRoomUpsert } from './decide-room';
import { findRoom, saveRoom } from './room-store';
import { parseRoomUpsert } from './validate-room';
import { verifyCommandPayment } from './verify-payment';

/**
 * `POST /v1/rooms` (docs/api.md#rooms): pre-checks, idempotency, the private-table gate
 * (membership only), the operator override (action `room_upsert`: a paused room cannot be
 * reconfigured), payment verification for private tables (every upsert of one, before the
 * transaction), then the record and its `room_created`/`room_updated` event. 201 when
 * created, 200 when replaced.
 */
export const roomUpsertCommand = defineCommand({
  method: 'POST',
  path: '/v1/rooms',
  parse: ({ body }, env) => parseRoomUpsert(body, { tenantId: getDefaults({ env }).tenantId, priceUsd: env.PRIVATE_TABLE_PRICE_USD }),
  key: ({ tenantId, roomId, actorId, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    scope: scopes.roomUpsert(tenantId, roomId),
    locks: [locks.room(tenantId, roomId)],
  }),
  override: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'room_upsert' }),
  gate: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'room_upsert', rule: { kind: 'session' } }),
  // Payment is asked before the transaction (the provider may take seconds); the takeover
  // rule runs first so a refused upsert is never charged.
  prepare: async (ctx, input): Promise<VerifiedPayment | null> => {
    assertMayReconfigure(input, await findRoom(ctx.sql, input.tenantId, input.roomId));
    if (input.roomType !== 'private_table') return null;
    return verifyCommandPayment(ctx, input);
  },
  load: async ({ tx }, input, payment) => {
    const existing = await findRoom(tx, input.tenantId, input.roomId);
    assertMayReconfigure(input, existing);
    return { payment: payment as VerifiedPayment | null, existing };
  },
  decide: (input, { payment, existing }, { correlationId, now }) => {
    const decision = decideRoomUpsert({ tenantId: input.tenantId, roomId: input.roomId, correlationId, now }, input, existing, payment);
    return { ...decision, payment, events: [decision.event] };
  },
  persist: ({ tx }, { room }) => saveRoom(tx, room),
  respond: ({ decision, persisted, appended, correlationId }) => ({
    status: decision.created ? 201 : 200,
    data: { room: persisted, created: decision.created, payment: decision.payment, emittedEvents: summariseEmitted(appended), correlationId },
  }),
});
