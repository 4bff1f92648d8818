/**
 * Client-supplied times, read one way everywhere. JavaScript dates reach years ±275760, which
 * `toISOString` writes with a sign and six digits (`+275760-09-13T…`); Postgres reads that sign
 * as a time-zone offset and fails. Only four-digit years (0001–9999) are accepted as times.
 */
const MIN_TIME_MS = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_TIME_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** The ISO-8601 form of a client time (string or epoch ms), or undefined when unparseable or out of range. */
export function toIsoTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const time = new Date(value).getTime();
  if (Number.isNaN(time) || time < MIN_TIME_MS || time > MAX_TIME_MS) return undefined;
  return new Date(time).toISOString();
}
