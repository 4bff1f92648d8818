import { z } from 'zod';
import { freeObject } from './fields';

export const ROOM_TYPES = ['lobby', 'private_table'] as const;

/** `room_created` / `room_updated` by `POST /v1/rooms` (docs/api.md#rooms): payment fields null for lobbies. */
const roomUpsert = z.strictObject({
  roomId: z.string().min(1),
  roomType: z.enum(ROOM_TYPES),
  displayName: z.string().nullable(),
  ownerActorId: z.string().nullable(),
  metadata: freeObject(),
  paymentProvider: z.string().nullable(),
  paymentRef: z.string().nullable(),
  paymentAmountUsd: z.number().nonnegative().nullable(),
});

/** `room_created` of the start-up seed of the default lobby (actor `system`). */
const roomSeed = z.strictObject({
  roomId: z.string().min(1),
  roomType: z.enum(ROOM_TYPES),
  ownerActorId: z.string().nullable(),
  displayName: z.string().nullable(),
  metadata: freeObject(),
  seeded: z.literal(true),
});

export const roomCreatedPayload = z
  .union([roomUpsert, roomSeed])
  .describe('A room was created: by POST /v1/rooms, or the seed of the default lobby (seeded: true).');

export const roomUpdatedPayload = roomUpsert.describe('An existing room was replaced by POST /v1/rooms.');

/** `room_context_pinned` (docs/api.md#pinned-room-context). */
export const roomContextPinnedPayload = z
  .strictObject({ version: z.number().int().min(1), content: z.string(), metadata: freeObject(), pinnedBy: z.string().min(1) })
  .describe('A new version of the room context was pinned.');

export const roomEventPayloads = {
  room_created: roomCreatedPayload,
  room_updated: roomUpdatedPayload,
  room_context_pinned: roomContextPinnedPayload,
} as const;
