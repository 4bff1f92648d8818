/**
 * Event cursors are plain sequences on the wire (docs/cursors.md): exclusive, non-numeric
 * values fall back to 0. Kept in one place so every reader parses them the same way.
 */
export function parseCursor(value: unknown, fallback = 0): number {
  const raw = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof raw === 'number' && Number.isFinite(raw)) return Math.max(0, Math.floor(raw));
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim())) return fallback;
  const parsed = Number(raw.trim());
  return Number.isSafeInteger(parsed) ? parsed : fallback;
}

/**
 * An inclusive cursor bound a client sent as a JSON number (`upToCursor`), brought into the
 * integers a bigint column compares with, without changing which positions it covers:
 * `1.5` covers what `1` does, anything past the largest safe integer covers everything, and
 * a negative bound covers nothing, as `0` does (positions start at 1).
 */
export function toCursorBound(value: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.floor(value)));
}
