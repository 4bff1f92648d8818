import { CafeError } from '@cafe/shared';

/**
 * Client input ends up in Postgres text and jsonb columns, which refuse two things a JSON
 * string or a percent-decoded URL can hold: U+0000 (`invalid byte sequence … 0x00`, and
 * jsonb's `unsupported Unicode escape sequence`) and unpaired UTF-16 surrogates (jsonb refuses
 * their `\ud800` escapes; text columns would silently store U+FFFD instead of what was sent).
 * Checking here, once at the edge, turns what would be a database error into a 400.
 */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * How deeply a JSON body may nest. JSON.parse copes with any depth, but every recursive step
 * after it (hashing for idempotency, JSON.stringify into jsonb) overflows the stack long
 * before a real client needs more than a handful of levels.
 */
export const MAX_JSON_DEPTH = 64;

/** True when Postgres can store the string as given. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
}

function unstorable(field: string): CafeError {
  return new CafeError('ERR_VALIDATION', `${field} contains a NUL character or an unpaired surrogate`, { field });
}

/**
 * Throws 400 ERR_VALIDATION when a parsed JSON value nests deeper than `maxDepth`, or when a
 * string or key anywhere in it cannot be stored (`details.field` is its dotted path). Walks
 * with its own stack, so the check itself cannot overflow.
 */
export function assertStorableJson(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current)) throw unstorable(path || 'body');
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= maxDepth) {
      throw new CafeError('ERR_VALIDATION', `Request body is nested too deeply (limit ${maxDepth} levels)`, { maxDepth, ...(path ? { field: path } : {}) });
    }
    for (const [key, child] of Object.entries(current)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) throw unstorable(path ? `${path}.<key>` : '<key>');
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
}

/**
 * Throws 400 ERR_VALIDATION when a query-string value cannot be stored or compared in
 * Postgres (`details.field` names the parameter).
 */
export function assertStorableQuery(query: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    if (!isStorableText(name) || values.some((item) => typeof item === 'string' && !isStorableText(item))) {
      throw unstorable(isStorableText(name) ? name : '<query parameter>');
    }
  }
}

/** A header value Node will send as given: printable ASCII (or tab), nothing that makes setHeader throw. */
export function isSafeHeaderValue(value: string): boolean {
  return /^[\t\x20-\x7e]*$/.test(value);
}
