import { z } from 'zod';
import { freeObject, isoTimestamp } from './fields';

export const TABLE_SESSION_STATUSES = ['active', 'ended'] as const;

const sessionStatus = z.enum(TABLE_SESSION_STATUSES);
const sessionId = z.string().min(1);

/** `table_session_created` (docs/private-tables.md#the-pieces): payment is always verified, so the provider is known. */
export const tableSessionCreatedPayload = z
  .strictObject({
    sessionId,
    roomId: z.string().min(1),
    ownerActorId: z.string().min(1),
    planId: z.string().min(1),
    invitedActorIds: z.array(z.string()),
    status: sessionStatus,
    startedAt: isoTimestamp(),
    expiresAt: isoTimestamp(),
    paymentProvider: z.string(),
    paymentRef: z.string().nullable(),
    paymentAmountUsd: z.number().nonnegative(),
    metadata: freeObject(),
  })
  .describe('A private-table session was bought (POST /v1/table-sessions).');

/** `table_session_updated` (docs/private-tables.md#the-pieces); the expiry sweeper sends `changedFields: ["status","endedAt"]`. */
export const tableSessionUpdatedPayload = z
  .strictObject({
    sessionId,
    status: sessionStatus,
    planId: z.string().min(1),
    invitedActorIds: z.array(z.string()),
    startedAt: isoTimestamp(),
    expiresAt: isoTimestamp(),
    endedAt: isoTimestamp().nullable(),
    metadata: freeObject(),
    changedFields: z.array(z.string()),
  })
  .describe('A table session was patched, or expired (sweeper).');

/** `table_session_ended`: caused by the update event; the sweeper adds `reason: "expired"`. */
export const tableSessionEndedPayload = z
  .strictObject({ sessionId, endedAt: isoTimestamp(), ownerActorId: z.string().min(1), reason: z.literal('expired').optional() })
  .describe('A table session ended (patched to ended, or expired).');

export const tableSessionEventPayloads = {
  table_session_created: tableSessionCreatedPayload,
  table_session_updated: tableSessionUpdatedPayload,
  table_session_ended: tableSessionEndedPayload,
} as const;
