import { z } from 'zod';

/**
 * The registry publishes every status change as a `capability_status_changed` event on the
 * event log (room `flex-registry`, actor `flex-registry`), so operators see it on realtime.
 */
export const CAPABILITY_STATUS_CHANGED = 'capability_status_changed';
export const FLEX_REGISTRY_ROOM_ID = 'flex-registry';
export const FLEX_REGISTRY_ACTOR_ID = 'flex-registry';

/** Why a status changed: first registration, back after being inactive, timed out, removed. */
export const CAPABILITY_CHANGE_REASONS = ['registered', 'reactivated', 'heartbeat_timeout', 'deregistered'] as const;
export type CapabilityChangeReason = (typeof CAPABILITY_CHANGE_REASONS)[number];

/** Payload of `capability_status_changed`. `fromStatus` is null for a first registration. */
export const CapabilityStatusChangedPayloadSchema = z.object({
  capabilityId: z.string().min(1),
  fromStatus: z.enum(['active', 'inactive']).nullable(),
  toStatus: z.enum(['active', 'inactive', 'removed']),
  reason: z.enum(CAPABILITY_CHANGE_REASONS),
  version: z.string(),
  at: z.iso.datetime(),
});

export type CapabilityStatusChangedPayload = z.output<typeof CapabilityStatusChangedPayloadSchema>;
