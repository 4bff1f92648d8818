import { z } from 'zod';
import { CapabilityRegistrationSchema, type CapabilityRegistration } from './registration';
import { CapabilityQuerySchema, type CapabilityQuery } from './filter';

/** zod's flattened error: problems with the input as a whole, and per top-level field. */
export interface FlattenedIssues {
  formErrors: string[];
  fieldErrors: Record<string, string[]>;
}

export type ParseOutcome<T> = { success: true; data: T } | { success: false; issues: FlattenedIssues };

function flatten(error: z.ZodError): FlattenedIssues {
  const { formErrors, fieldErrors } = z.flattenError(error);
  return { formErrors, fieldErrors: fieldErrors as Record<string, string[]> };
}

/** Validates and normalises a registration body (docs/flex-registry.md#fields); failures come back flattened (docs/flex-registry.md#validation-errors). */
export function parseCapabilityRegistration(input: unknown): ParseOutcome<CapabilityRegistration> {
  const result = CapabilityRegistrationSchema.safeParse(input);
  return result.success ? { success: true, data: result.data } : { success: false, issues: flatten(result.error) };
}

/** Validates the query string of `GET /api/v1/flex/capabilities`. */
export function parseCapabilityQuery(input: unknown): ParseOutcome<CapabilityQuery> {
  const result = CapabilityQuerySchema.safeParse(input);
  return result.success ? { success: true, data: result.data } : { success: false, issues: flatten(result.error) };
}
