import { z } from 'zod';
import { isStorableJson, isStorableText, MAX_JSON_DEPTH } from './storable';

/**
 * The registration payload of docs/flex-registry.md#fields. Unknown keys are dropped at every level
 * (zod's default), so clients cannot set `status`, `lastSeenAt` or `registeredAt`. Strings are
 * not trimmed: `" "` passes a length ≥ 1 rule, as in the original.
 */

/** Longest accepted `capabilityId`: it is the primary key, and btree entries are bounded. */
export const CAPABILITY_ID_MAX_LENGTH = 256;

const UNSTORABLE_TEXT = 'Must not contain NUL characters or unpaired surrogates';
const UNSTORABLE_JSON = `Must not contain NUL characters or unpaired surrogates, nor nest deeper than ${MAX_JSON_DEPTH} levels`;

const text = () => z.string().refine(isStorableText, UNSTORABLE_TEXT);
const requiredText = () => z.string().min(1).refine(isStorableText, UNSTORABLE_TEXT);
const anyJson = () => z.unknown().refine(isStorableJson, UNSTORABLE_JSON);

/** An object with string keys and arbitrary values (kept as given). */
export const LooseRecordSchema = z.record(z.string(), z.unknown()).refine(isStorableJson, UNSTORABLE_JSON);

/** docs/flex-registry.md#fields: what inputs a capability handles. */
export const InputTraitsSchema = z.object({
  languages: z.array(text()).optional(),
  formats: z.array(text()).optional(),
  strengths: z.array(text()).optional(),
  limitations: z.array(text()).optional(),
});

/** docs/flex-registry.md#fields: what a call costs. */
export const CostSchema = z.object({
  tier: text().optional(),
  estimatedTokens: z.number().int().min(0).optional(),
  pricePer1kTokens: z.number().min(0).optional(),
  currency: text().optional(),
});

/** docs/flex-registry.md#fields: how often the agent promises to re-announce itself. */
export const HeartbeatSchema = z.object({
  intervalSeconds: z.number().int().positive(),
  timeoutSeconds: z.number().int().positive().optional(),
});

/** docs/flex-registry.md#fields alternative 1: a JSON-schema contract that says so. */
export const JsonSchemaContractSchema = z.object({
  mode: z.literal('json_schema'),
  schema: LooseRecordSchema,
  hints: LooseRecordSchema.optional(),
  example: anyJson().optional(),
});

/**
 * docs/flex-registry.md#fields alternative 2: an object with `schema` but no (or another) `mode`. Normalised to
 * `mode: "json_schema"`; any other `mode` is dropped with the unknown keys, then replaced.
 */
const ImplicitJsonSchemaContractSchema = z
  .object({ schema: LooseRecordSchema, hints: LooseRecordSchema.optional(), example: anyJson().optional() })
  .transform((contract) => ({ mode: 'json_schema' as const, ...contract }));

/** docs/flex-registry.md#fields alternative 3: prose instructions. */
export const FreeformContractSchema = z.object({
  mode: z.literal('freeform'),
  instructions: requiredText(),
  expectedFormat: text().optional(),
  example: text().optional(),
});

/**
 * docs/flex-registry.md#fields: the alternatives are tried in order and the first that validates wins, so a
 * freeform-looking object that also carries a `schema` object becomes a JSON-schema contract.
 */
export const OutputContractSchema = z.union([
  JsonSchemaContractSchema,
  ImplicitJsonSchemaContractSchema,
  FreeformContractSchema,
]);

/** docs/flex-registry.md#fields: the body of `POST /api/v1/flex/capabilities/register`. */
export const CapabilityRegistrationSchema = z.object({
  capabilityId: requiredText().max(CAPABILITY_ID_MAX_LENGTH),
  version: requiredText(),
  displayName: requiredText(),
  summary: requiredText(),
  inputTraits: InputTraitsSchema.optional(),
  defaultContract: OutputContractSchema.optional(),
  cost: CostSchema.optional(),
  preferredModels: z.array(text()).optional(),
  heartbeat: HeartbeatSchema.optional(),
  metadata: LooseRecordSchema.optional(),
});

export type LooseRecord = z.output<typeof LooseRecordSchema>;
export type InputTraits = z.output<typeof InputTraitsSchema>;
export type CapabilityCost = z.output<typeof CostSchema>;
export type CapabilityHeartbeat = z.output<typeof HeartbeatSchema>;
export type OutputContract = z.output<typeof OutputContractSchema>;
export type ContractMode = OutputContract['mode'];
/** A registration after validation and normalisation. */
export type CapabilityRegistration = z.output<typeof CapabilityRegistrationSchema>;
/** A registration as a client writes it (before normalisation). */
export type CapabilityRegistrationInput = z.input<typeof CapabilityRegistrationSchema>;
