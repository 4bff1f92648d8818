import { z } from 'zod';
import { describeField, type FieldMeta } from '@cafe/http';
import { CafeError } from '@cafe/shared';

/**
 * Body field readers with the wire rules of docs/http.md#tenants-and-rooms and docs/api.md#commands. Each is a zod
 * schema whose failures carry the catalogue code, so every route validates at its boundary
 * with the same messages. `readField` turns the first issue into a CafeError. Each also
 * carries JSON-Schema metadata (`describeField`), so the OpenAPI document built from the same
 * schemas says what the field accepts although the reader itself takes any value.
 */

type Issue = { code: 'custom'; message: string; params: { cafe: CafeError } };

function fail(ctx: z.RefinementCtx, error: CafeError): never {
  ctx.addIssue({ code: 'custom', message: error.message, params: { cafe: error } } satisfies Issue);
  return z.NEVER as never;
}

/** `tenantId`/`roomId`: optional string; blank → the default; non-string → ERR_VALIDATION. */
export function idField(field: string, fallback: string) {
  const reader = z.unknown().optional().transform((value, ctx): string => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string') return fail(ctx, new CafeError('ERR_VALIDATION', `${field} must be a string`, { field }));
    return value.trim() === '' ? fallback : value;
  });
  return describeField(reader, { type: 'string', default: fallback, description: `blank or absent: \`${fallback}\`` });
}

/** A required non-blank string, trimmed; else ERR_MISSING_FIELD. */
export function requiredString(field: string) {
  const reader = z.unknown().optional().transform((value, ctx): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      return fail(ctx, new CafeError('ERR_MISSING_FIELD', `Missing required field: ${field}`, { field }));
    }
    return value.trim();
  });
  return describeField(reader, { type: 'string', minLength: 1, required: true, description: 'trimmed; blank → ERR_MISSING_FIELD' });
}

/** An optional string kept as given; non-string → ERR_VALIDATION. */
export function optionalString(field: string) {
  const reader = z.unknown().optional().transform((value, ctx): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return fail(ctx, new CafeError('ERR_VALIDATION', `${field} must be a string`, { field }));
    return value;
  });
  return describeField(reader, { type: 'string' });
}

/**
 * Printable ASCII (0x20-0x7E; spaces only inside, since ids are trimmed): what an id may hold
 * so it can travel in an HTTP header as given.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * An optional correlation/causation id: opaque string ≤ 128 chars (docs/http.md#request-and-correlation-ids) of
 * printable ASCII. Correlation ids are echoed in `x-correlation-id`; a character Node refuses in
 * a header would otherwise turn a committed command into a 500 on every replay.
 */
export function optionalOpaqueId(field: string) {
  const reader = z.unknown().optional().transform((value, ctx): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return fail(ctx, new CafeError('ERR_VALIDATION', `${field} must be a string`, { field }));
    const trimmed = value.trim();
    if (trimmed.length > 128) {
      return fail(ctx, new CafeError('ERR_OUT_OF_BOUNDS', `${field} must be at most 128 characters`, { field, max: 128, value: trimmed.length }));
    }
    if (!PRINTABLE_ASCII.test(trimmed)) {
      return fail(ctx, new CafeError('ERR_VALIDATION', `${field} must contain only printable ASCII characters`, { field }));
    }
    return trimmed === '' ? undefined : trimmed;
  });
  return describeField(reader, { type: 'string', maxLength: 128, description: 'opaque id of printable ASCII, kept as sent' });
}

/** An optional object; non-object (or array) → ERR_VALIDATION `<field> must be an object`. */
export function optionalObject(field: string) {
  const reader = z.unknown().optional().transform((value, ctx): Record<string, unknown> | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      return fail(ctx, new CafeError('ERR_VALIDATION', `${field} must be an object`, { field }));
    }
    return value as Record<string, unknown>;
  });
  return describeField(reader, { type: 'object' });
}

/** Parses `input` with a zod schema built from the readers above; throws the first CafeError. */
export function parseFields<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const cafe = (issue as { params?: { cafe?: unknown } } | undefined)?.params?.cafe;
  if (cafe instanceof CafeError) throw cafe;
  const field = issue?.path.join('.') || undefined;
  throw new CafeError('ERR_VALIDATION', issue?.message ?? 'Validation failed', field ? { field } : {});
}

/** A string value or undefined when the input is not a non-blank string (lenient optional ids). */
export function lenientString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A plain object or undefined. */
export function lenientObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * A field read by a plain validator that throws CafeError (domain rules such as colours or
 * URLs), so it composes with the readers above inside one zod schema.
 */
export function checkedField<T>(read: (value: unknown) => T, meta: FieldMeta = {}) {
  const reader = z.unknown().optional().transform((value, ctx): T => {
    try {
      return read(value);
    } catch (error) {
      if (error instanceof CafeError) return fail(ctx, error);
      throw error;
    }
  });
  return describeField(reader, meta);
}
