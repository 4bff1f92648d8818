import { z } from 'zod';
import { parseCursor } from '@cafe/shared';

export interface StreamRequest {
  tenantId: string;
  roomId: string;
  actorId: string | null;
  types: string[];
  /** Effective resume cursor: max(`cursor`, numeric `Last-Event-ID`). */
  cursor: number;
  /** Neither `cursor` nor `Last-Event-ID` was given: replay the newest `limit` events instead. */
  fresh: boolean;
  /** Replay size before `ready` (1–1000). */
  limit: number;
}

const firstValue = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value);
const trimmedOrUndefined = z.preprocess((value) => {
  const raw = firstValue(value);
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}, z.string().optional());

const streamQuerySchema = z.object({
  tenantId: trimmedOrUndefined,
  roomId: trimmedOrUndefined,
  actorId: trimmedOrUndefined,
  types: trimmedOrUndefined,
  cursor: z.unknown().optional(),
  limit: z.unknown().optional(),
});

/** The replay limit: 300 by default, clamped to 1–1000; anything non-numeric is the default. */
export function clampReplayLimit(value: unknown): number {
  const raw = firstValue(value);
  const parsed = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isFinite(parsed)) return 300;
  return Math.min(1000, Math.max(1, parsed));
}

/**
 * Reads `GET /v1/stream` parameters (docs/streams.md#the-realtime-stream): tenant and room trimmed with
 * defaults, optional author and comma-separated types, the resume cursor (the larger of
 * `cursor` and a numeric `Last-Event-ID`, docs/streams.md#resume) and the clamped replay limit.
 * Lenient by contract: bad values fall back to defaults, nothing is rejected.
 */
export function parseStreamRequest(query: Record<string, unknown>, lastEventId: string | undefined, defaultTenantId: string): StreamRequest {
  const parsed = streamQuerySchema.parse(query);
  const fromHeader = lastEventId !== undefined ? parseCursor(lastEventId, 0) : 0;
  return {
    tenantId: parsed.tenantId ?? defaultTenantId,
    roomId: parsed.roomId ?? 'main',
    actorId: parsed.actorId ?? null,
    types: (parsed.types ?? '').split(',').map((type) => type.trim()).filter(Boolean),
    cursor: Math.max(parseCursor(parsed.cursor, 0), fromHeader),
    fresh: parsed.cursor === undefined && !lastEventId?.trim(),
    limit: clampReplayLimit(parsed.limit),
  };
}
