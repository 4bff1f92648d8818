import { z } from 'zod';
import { freeObject, gridPosition, isoTimestamp, PRESENCE_STATUSES } from './fields';

const status = z.enum(PRESENCE_STATUSES);

/** `agent_entered` (docs/events.md#presence-payloads): normalised at creation, `position` filled by the enter command. */
export const agentEnteredPayload = z
  .strictObject({
    source: z.string(),
    reason: z.string(),
    enteredAt: isoTimestamp(),
    position: gridPosition().nullable(),
    metadata: freeObject(),
  })
  .describe('An agent entered the room (POST /v1/commands/enter).');

/** `agent_left` (docs/events.md#presence-payloads): voluntary leave, or forced by an operator. */
export const agentLeftPayload = z
  .strictObject({
    source: z.string(),
    reason: z.string(),
    leftAt: isoTimestamp(),
    forced: z.boolean(),
    operatorId: z.string().nullable(),
    metadata: freeObject(),
  })
  .describe('An agent left the room (POST /v1/commands/leave, or an operator force_leave).');

/** `presence_heartbeat` (docs/events.md#presence-payloads). */
export const presenceHeartbeatPayload = z
  .strictObject({ status, ttlMs: z.number().int().nonnegative(), lastHeartbeatAt: isoTimestamp(), expiresAt: isoTimestamp() })
  .describe('A presence heartbeat: explicit, implied by a command or intent, or by a long poll.');

/** `status_changed` (docs/events.md#presence-payloads), with the legacy `from`/`to` aliases that always equal the new names. */
export const statusChangedPayload = z
  .strictObject({
    fromStatus: status.nullable(),
    toStatus: status,
    reason: z.string(),
    source: z.string(),
    changedAt: isoTimestamp(),
    lastHeartbeatAt: isoTimestamp().nullable(),
    expiresAt: isoTimestamp().nullable(),
    operatorId: z.string().nullable(),
    metadata: freeObject(),
    from: status.nullable(),
    to: status,
  })
  .refine((payload) => payload.from === payload.fromStatus && payload.to === payload.toStatus, {
    message: 'from/to must equal fromStatus/toStatus',
    path: ['from'],
  })
  .describe("An agent's presence status changed (heartbeat, leave, TTL expiry, force leave).");

export const presenceEventPayloads = {
  agent_entered: agentEnteredPayload,
  agent_left: agentLeftPayload,
  presence_heartbeat: presenceHeartbeatPayload,
  status_changed: statusChangedPayload,
} as const;
