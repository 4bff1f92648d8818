import { getQuery, type H3Event } from 'h3';
import { CafeError, parseCursor, toIsoTimestamp } from '@cafe/shared';
import { assertStorableQuery } from '@cafe/http';

/**
 * Query readers with the conventions of api.md: numbers are coerced and non-numeric values
 * fall back to defaults; booleans accept true|1|yes / false|0|no; `types` is a comma list.
 */
export type QueryReader = ReturnType<typeof readQuery>;

function first(value: unknown): string | undefined {
  const raw = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof raw === 'string' ? raw : raw === undefined || raw === null ? undefined : String(raw);
}

/**
 * Wraps an event's query string in typed, defaulting accessors. A value Postgres cannot store
 * or compare (NUL, an unpaired surrogate) is a 400 here, for every parameter of every route.
 */
export function readQuery(event: H3Event) {
  const query = getQuery(event);
  assertStorableQuery(query);
  return readQueryValues(query);
}

/** The same accessors over an already-parsed query object (services called without HTTP, tests). */
export function readQueryValues(query: Record<string, unknown>) {
  return {
    /** A trimmed non-blank string or undefined. */
    string(name: string): string | undefined {
      const value = first(query[name])?.trim();
      return value ? value : undefined;
    },
    /** An integer clamped to [min, max], default when absent or non-numeric. */
    int(name: string, fallback: number, min: number, max: number): number {
      const raw = first(query[name]);
      const parsed = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(parsed)) return fallback;
      return Math.min(max, Math.max(min, Math.round(parsed)));
    },
    /** A boolean or undefined when absent or unrecognised. */
    bool(name: string): boolean | undefined {
      const raw = first(query[name])?.trim().toLowerCase();
      if (raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === 'false' || raw === '0' || raw === 'no') return false;
      return undefined;
    },
    /** An exclusive event cursor (0 when absent or not a non-negative integer). */
    cursor(name = 'cursor'): number {
      return parseCursor(first(query[name]));
    },
    /** Comma-separated list, items trimmed, blanks dropped. */
    list(name: string): string[] {
      const raw = first(query[name]);
      return raw ? raw.split(',').map((item) => item.trim()).filter(Boolean) : [];
    },
    /** An ISO timestamp; unparseable or outside years 0001–9999 → 400 ERR_VALIDATION (docs/api.md#event-log-reads). */
    timestamp(name: string): string | undefined {
      const raw = first(query[name])?.trim();
      if (!raw) return undefined;
      const iso = toIsoTimestamp(raw);
      if (iso === undefined) {
        throw new CafeError('ERR_VALIDATION', `${name} must be a valid ISO-8601 timestamp`, { field: name, value: raw });
      }
      return iso;
    },
    /** The raw value (for echoing). */
    raw(name: string): string | undefined {
      return first(query[name]);
    },
  };
}
