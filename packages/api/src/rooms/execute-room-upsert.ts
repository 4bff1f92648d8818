import { summariseEmitted } from '../events/new-event';
import { commitEvents } from '../events/commit-events';
import { getDefaults, getMutationDeps } from '../deps';
import { runMutation, type MutationResult } from '../mutation/run-mutation';
import { assertOverrideAllows } from '../operator/assert-override';
import type { ApiRuntime } from '../runtime';
import type { VerifiedPayment } from './decide-payment';
import { decideRoomUpsert } from './decide-room';
import { roomLockKey } from './room';
import { findRoom, saveRoom } from './room-store';
import { parseRoomUpsert } from './validate-room';
import { verifyPayment } from './verify-payment';

export interface RoomUpsertRequest {
  body: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | undefined;
}

/**
 * `POST /v1/rooms` (api.md §10.3): pre-checks, idempotency, the operator override (action
 * `room_upsert`: a paused room cannot be reconfigured), payment verification for private
 * tables (every upsert of one), then the record and its `room_created`/`room_updated` event in
 * one transaction. 201 when created, 200 when replaced.
 */
export async function upsertRoom(runtime: ApiRuntime, request: RoomUpsertRequest): Promise<MutationResult> {
  const { env } = runtime;
  const input = parseRoomUpsert(request.body, { tenantId: getDefaults(runtime).tenantId, priceUsd: env.PRIVATE_TABLE_PRICE_USD });
  const { tenantId, roomId, actorId } = input;
  return runMutation(
    getMutationDeps(runtime),
    {
      route: '/v1/rooms',
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      roomId,
      actorId,
      scope: `${tenantId}:rooms:${roomId}:upsert`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      correlationId: input.correlationId,
      lockKeys: [roomLockKey(tenantId, roomId)],
    },
    async (ctx) => {
      const { tx, now, correlationId } = ctx;
      await assertOverrideAllows(ctx, { tenantId, roomId, actorId, action: 'room_upsert' });
      let payment: VerifiedPayment | null = null;
      if (input.roomType === 'private_table') {
        payment = await verifyPayment(
          {
            mode: env.PRIVATE_TABLE_PAYMENT_MODE,
            stubProof: env.PRIVATE_TABLE_PAYMENT_STUB_PROOF,
            webhookUrl: env.PRIVATE_TABLE_PAYMENT_WEBHOOK_URL,
            webhookTimeoutMs: env.PRIVATE_TABLE_PAYMENT_WEBHOOK_TIMEOUT_MS,
          },
          {
            tenantId,
            roomId,
            ownerActorId: input.ownerActorId,
            paymentProof: input.paymentProof,
            paymentRef: input.paymentRef,
            amountUsd: input.paymentAmountUsd,
          },
          request.requestId,
        );
      }
      const existing = await findRoom(tx, tenantId, roomId);
      const decision = decideRoomUpsert({ tenantId, roomId, correlationId, now }, input, existing, payment);
      const appended = await commitEvents(ctx, [decision.event], runtime.unread);
      const room = await saveRoom(tx, decision.room);
      return {
        status: decision.created ? 201 : 200,
        data: { room, created: decision.created, payment, emittedEvents: summariseEmitted(appended), correlationId },
      };
    },
  );
}
