/**
 * What Postgres can store: `text` and `jsonb` reject U+0000, and `jsonb` rejects unpaired UTF-16
 * surrogates and nesting deeper than its parser's stack allows. Validating this at the boundary
 * turns such input into a 400 instead of a database error (a 500).
 */

/** Deepest object/array nesting accepted inside free-form JSON fields (metadata, schema, …). */
export const MAX_JSON_DEPTH = 32;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string can be stored in a `text` or `jsonb` column. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * True when every string and key inside `value` is storable and nesting stays within
 * MAX_JSON_DEPTH. Walks iteratively so a hostile, deeply nested body cannot overflow the stack.
 */
export function isStorableJson(value: unknown): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return false;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_JSON_DEPTH) return false;
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (!isStorableText(key)) return false;
      stack.push({ value: item, depth: depth + 1 });
    }
  }
  return true;
}
