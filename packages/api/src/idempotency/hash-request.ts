import { hash } from 'node:crypto';

/** JSON with object keys sorted recursively, so equal requests hash equally (docs/idempotency.md). */
export function toCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => toCanonicalJson(item)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${toCanonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 (hex) of the canonical `{ path: scope, method, body }`. */
export function hashRequest(scope: string, method: string, body: unknown): string {
  return hash('sha256', toCanonicalJson({ path: scope, method, body }), 'hex');
}
