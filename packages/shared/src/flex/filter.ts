import { z } from 'zod';

/**
 * The planner lookup of docs/flex-registry.md#find-capabilities (`findActive`): every given criterion must
 * match. Trait matches are case-insensitive; the others are exact.
 */
export const CapabilityFilterSchema = z.object({
  capabilityIds: z.array(z.string()).optional(),
  language: z.string().optional(),
  format: z.string().optional(),
  strength: z.string().optional(),
  excludeLimitation: z.string().optional(),
  preferredModel: z.string().optional(),
  costTier: z.string().optional(),
  contractMode: z.enum(['json_schema', 'freeform']).optional(),
});

export type CapabilityFilter = z.output<typeof CapabilityFilterSchema>;

/** Which records `GET /api/v1/flex/capabilities` lists: by status, or every record. */
export const CAPABILITY_LIST_STATUSES = ['active', 'inactive', 'all'] as const;

const single = <T extends z.ZodType>(field: T) =>
  z.preprocess((value) => (Array.isArray(value) && value.length === 1 ? value[0] : value), field);

/** `capabilityIds` as a query value: repeated and/or comma-separated; blanks dropped. */
const idList = z.preprocess(
  (value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
      .map((item) => (typeof item === 'string' ? item.trim() : item))
      .filter((item) => item !== ''),
  z.array(z.string()).min(1, 'Give at least one capability id'),
);

/**
 * The query string of `GET /api/v1/flex/capabilities`: the `findActive` criteria plus `status`
 * (`active` by default). Each criterion but `capabilityIds` takes one value; unknown
 * parameters are ignored.
 */
export const CapabilityQuerySchema = z.object({
  status: single(z.enum(CAPABILITY_LIST_STATUSES)).default('active'),
  capabilityIds: idList.optional(),
  language: single(z.string()).optional(),
  format: single(z.string()).optional(),
  strength: single(z.string()).optional(),
  excludeLimitation: single(z.string()).optional(),
  preferredModel: single(z.string()).optional(),
  costTier: single(z.string()).optional(),
  contractMode: single(z.enum(['json_schema', 'freeform'])).optional(),
});

export type CapabilityQuery = z.output<typeof CapabilityQuerySchema>;
