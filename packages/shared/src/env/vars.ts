import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Builders for environment variables. Every variable arrives as a string or undefined;
 * blank means "not set" and takes the default. A value that is set but unusable is an
 * error (the process stops and names the variable), except where a variable has a documented
 * floor, which raises the value instead of rejecting it.
 */

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Blank → unset, otherwise trimmed: `Number(" 3850 ")` is 3850 in the original, so keep that. */
const trimmedOrUndefined = (value: unknown) =>
  typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : value;

/** A free string with a default. */
export function stringVar(defaultValue: string) {
  return z.preprocess(blankToUndefined, z.string().default(defaultValue));
}

/** An optional string (undefined when unset or blank). */
export function optionalStringVar() {
  return z.preprocess(blankToUndefined, z.string().optional());
}

/** An integer with a default; `min` is a floor (raised), `max` an upper bound (raised as error). */
export function intVar(defaultValue: number, options: { min?: number; max?: number; floor?: boolean } = {}) {
  const { min, max, floor = true } = options;
  return z.preprocess(
    trimmedOrUndefined,
    z
      .string()
      .regex(/^-?\d+$/, { message: 'must be an integer' })
      .transform(Number)
      .optional()
      .transform((value) => value ?? defaultValue)
      .transform((value, ctx) => {
        if (min !== undefined && value < min) {
          if (floor) return min;
          ctx.addIssue({ code: 'custom', message: `must be at least ${min}` });
          return z.NEVER;
        }
        if (max !== undefined && value > max) {
          ctx.addIssue({ code: 'custom', message: `must be at most ${max}` });
          return z.NEVER;
        }
        return value;
      }),
  );
}

/** A non-negative decimal number with a default and an optional floor. */
export function numberVar(defaultValue: number, options: { min?: number } = {}) {
  return z.preprocess(
    trimmedOrUndefined,
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/, { message: 'must be a number' })
      .transform(Number)
      .optional()
      .transform((value) => {
        const resolved = value ?? defaultValue;
        return options.min !== undefined ? Math.max(options.min, resolved) : resolved;
      }),
  );
}

/** A TCP port, 0–65535 (0 = any free port), strictly validated. */
export function portVar(defaultValue: number) {
  return intVar(defaultValue, { min: 0, max: 65535, floor: false });
}

/** "true unless `false`" booleans (see .env.example); other words than true/false are errors. */
export function boolVar(defaultValue: boolean) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((value) => value.trim().toLowerCase())
      .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }))
      .transform((value) => value === 'true' || value === '1' || value === 'yes')
      .optional()
      .transform((value) => value ?? defaultValue),
  );
}

/** An optional URL with one of the given protocols. */
export function urlVar(protocols: string[]) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine(
        (value) => {
          try {
            return protocols.includes(new URL(value).protocol);
          } catch {
            return false;
          }
        },
        { message: `must be a URL (${protocols.join(' or ')})` },
      )
      .optional(),
  );
}

/** A URL with a default. */
export function urlVarWithDefault(defaultValue: string, protocols = ['http:', 'https:']) {
  return urlVar(protocols).transform((value) => value ?? defaultValue);
}

/** One of a fixed set of lower-cased words. */
export function enumVar<const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) {
  return z.preprocess(
    (value) => {
      const blank = blankToUndefined(value);
      return typeof blank === 'string' ? blank.trim().toLowerCase() : blank;
    },
    z.enum(values, { message: `must be one of ${values.join(', ')}` }).default(defaultValue as never),
  );
}

export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;

/** A winston log level. */
export function logLevelVar(defaultValue: (typeof LOG_LEVELS)[number] = 'info') {
  return enumVar(LOG_LEVELS, defaultValue);
}

/** One address or CIDR block (`10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`). */
function isAddressOrBlock(entry: string): boolean {
  const [address, prefix, ...extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** A comma-separated list of IP addresses and CIDR blocks; unset → empty. */
export function addressListVar() {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((entry) => entry.trim()).filter(Boolean) : value ?? []),
    z.array(z.string().refine(isAddressOrBlock, { message: 'must be IP addresses or CIDR blocks, comma-separated' })),
  );
}
/** `json`: one JSON object per line, for machines; `pretty`: coloured single lines, for people. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
