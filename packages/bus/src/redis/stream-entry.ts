import type { EventEnvelope } from '@cafe/shared';

/**
 * One entry of the global event stream. Its id is `<sequence>-0`; `prev` is the sequence of
 * the entry before it as the relay wrote it, so every reader can tell whether anything lies
 * between its own position and this entry (a trimmed window, a Redis restart, a relay that
 * started late) and fetch exactly that range from Postgres.
 */
export interface StreamEntry {
  sequence: number;
  prev: number;
  event: EventEnvelope;
}

/** The stream id of a sequence. */
export function toStreamId(sequence: number): string {
  return `${sequence}-0`;
}

/** The sequence of a stream id (`<sequence>-<n>`); NaN for an unparseable id. */
export function parseStreamId(id: string): number {
  const match = /^(\d+)-\d+$/.exec(id);
  return match ? Number(match[1]) : Number.NaN;
}

/** Decodes a raw XREAD/XREADGROUP entry; null when it is not a bus entry. */
export function parseStreamEntry(id: string, fields: string[]): StreamEntry | null {
  const sequence = parseStreamId(id);
  if (!Number.isFinite(sequence)) return null;
  let prev: number | undefined;
  let raw: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'prev') prev = Number(fields[i + 1]);
    else if (fields[i] === 'event') raw = fields[i + 1];
  }
  if (prev === undefined || !Number.isFinite(prev) || raw === undefined) return null;
  try {
    const event = JSON.parse(raw) as EventEnvelope;
    if (event.sequence !== sequence) return null;
    return { sequence, prev, event };
  } catch {
    return null;
  }
}

export type ChainStep = { kind: 'skip' } | { kind: 'deliver' } | { kind: 'gap'; after: number; upTo: number };

/**
 * What a reader at `position` does with an entry: skip it (already seen), deliver it, or first
 * fetch `(position, entry.prev]` from Postgres because the stream does not hold that range.
 */
export function checkChain(position: number, entry: { sequence: number; prev: number }): ChainStep {
  if (entry.sequence <= position) return { kind: 'skip' };
  if (entry.prev > position) return { kind: 'gap', after: position, upTo: entry.prev };
  return { kind: 'deliver' };
}
