import { CafeError, type NewEvent } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import type { VerifiedPayment } from './decide-payment';
import type { Room } from './room';
import type { RoomUpsertInput } from './validate-room';

export interface RoomUpsertDecision {
  room: Room;
  created: boolean;
  event: NewEvent;
}

/**
 * `POST /v1/rooms`: a full replace of type, name, owner and metadata (`createdAt` kept) and one
 * `room_created` or `room_updated` event by the requester; payment fields null for lobbies.
 * Pure.
 */
export function decideRoomUpsert(origin: EventOrigin, input: RoomUpsertInput, existing: Room | null, payment: VerifiedPayment | null): RoomUpsertDecision {
  const at = origin.now.toISOString();
  const room: Room = {
    tenantId: input.tenantId,
    roomId: input.roomId,
    roomType: input.roomType,
    displayName: input.displayName,
    ownerActorId: input.ownerActorId,
    metadata: input.metadata,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
  const event = createEvent(origin, {
    type: existing ? 'room_updated' : 'room_created',
    actorId: input.actorId,
    payload: {
      roomId: room.roomId,
      roomType: room.roomType,
      displayName: room.displayName,
      ownerActorId: room.ownerActorId,
      metadata: room.metadata,
      paymentProvider: payment?.provider ?? null,
      paymentRef: payment?.ref ?? null,
      paymentAmountUsd: payment?.amountUsd ?? null,
    },
  });
  return { room, created: existing === null, event };
}

/**
 * A private table stays its owner's: an upsert by anyone else (an invited member passes the
 * gate) may rename it or change its metadata, but not turn it into a lobby or hand it to a new
 * owner. Throws 403 ERR_FORBIDDEN. Pure.
 */
export function assertMayReconfigure(input: Pick<RoomUpsertInput, 'tenantId' | 'roomId' | 'actorId' | 'roomType' | 'ownerActorId'>, existing: Room | null): void {
  if (existing?.roomType !== 'private_table' || input.actorId === existing.ownerActorId) return;
  if (input.roomType === 'private_table' && input.ownerActorId === existing.ownerActorId) return;
  throw new CafeError('ERR_FORBIDDEN', "Only the owner of a private table can change its type or owner", {
    tenantId: input.tenantId,
    roomId: input.roomId,
    actorId: input.actorId,
    action: 'room_upsert',
    ownerActorId: existing.ownerActorId,
    requestedRoomType: input.roomType,
    requestedOwnerActorId: input.ownerActorId,
  });
}

export const SEED_ROOM_NAME = 'Main Cafe Lobby';

/**
 * The default lobby of docs/http.md#tenants-and-rooms: `lobby` named `Main Cafe Lobby`, owned by nobody, marked as
 * seeded, announced by a `room_created` event of actor `system`. Pure.
 */
export function decideSeedRoom(origin: EventOrigin): { room: Room; event: NewEvent } {
  const at = origin.now.toISOString();
  const room: Room = {
    tenantId: origin.tenantId,
    roomId: origin.roomId,
    roomType: 'lobby',
    displayName: SEED_ROOM_NAME,
    ownerActorId: null,
    metadata: { seeded: true, seededBy: 'system' },
    createdAt: at,
    updatedAt: at,
  };
  const event = createEvent(origin, {
    type: 'room_created',
    actorId: 'system',
    payload: {
      roomId: room.roomId,
      roomType: room.roomType,
      ownerActorId: room.ownerActorId,
      displayName: room.displayName,
      metadata: room.metadata,
      seeded: true,
    },
  });
  return { room, event };
}
