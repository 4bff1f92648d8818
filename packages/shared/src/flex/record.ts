import { z } from 'zod';
import { CapabilityRegistrationSchema } from './registration';

/** Availability of a capability (docs/flex-registry.md#stay-alive-heartbeats-and-expiry). */
export const CAPABILITY_STATUSES = ['active', 'inactive'] as const;
export const CapabilityStatusSchema = z.enum(CAPABILITY_STATUSES);
export type CapabilityStatus = z.output<typeof CapabilityStatusSchema>;

/**
 * docs/flex-registry.md#register-a-capability: a stored capability as the registry returns it: the normalised registration plus status
 * and timestamps. Fields stored as null are omitted; `preferredModels` is omitted when empty.
 */
export const CapabilityRecordSchema = CapabilityRegistrationSchema.extend({
  status: CapabilityStatusSchema,
  lastSeenAt: z.iso.datetime(),
  registeredAt: z.iso.datetime(),
});

export type CapabilityRecord = z.output<typeof CapabilityRecordSchema>;

/** `registry` of the registration response; `active` is left out when the client asked for `Prefer: return=minimal`. */
export const RegistryStatusSchema = z.object({
  active: z.array(CapabilityRecordSchema).optional(),
  count: z.number().int().min(0),
});

/** The 200 body of `POST /api/v1/flex/capabilities/register` (docs/flex-registry.md#validation-errors). */
export const CapabilityRegistrationResponseSchema = z.object({
  ok: z.literal(true),
  record: CapabilityRecordSchema,
  registry: RegistryStatusSchema,
});

/** The 200 body of `GET /api/v1/flex/capabilities`. */
export const CapabilityListResponseSchema = z.object({
  ok: z.literal(true),
  capabilities: z.array(CapabilityRecordSchema),
  count: z.number().int().min(0),
});

/** The 200 body of `GET /api/v1/flex/capabilities/{capabilityId}`. */
export const CapabilityResponseSchema = z.object({ ok: z.literal(true), record: CapabilityRecordSchema });

export type CapabilityRegistrationResponse = z.output<typeof CapabilityRegistrationResponseSchema>;
export type CapabilityListResponse = z.output<typeof CapabilityListResponseSchema>;
