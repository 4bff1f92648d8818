import { z } from 'zod';
import { CafeError, type NewEvent } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import { checkedField, idField, optionalObject, optionalOpaqueId, parseFields, requiredString } from '../request/fields';
import type { Snapshot, SnapshotKind } from './snapshot';

export const DEFAULT_SNAPSHOT_TTL_SECONDS = 3600;

export interface SnapshotCreateInput {
  kind: SnapshotKind;
  tenantId: string;
  roomId: string;
  /** The author: the body's `actorId`, `system` for room snapshots without one. */
  actorId: string;
  state: Record<string, unknown>;
  ttlSeconds: number | null;
  correlationId?: string;
}

/** The longest finite TTL: 100 years keeps every expiry a four-digit-year timestamp. */
export const MAX_SNAPSHOT_TTL_SECONDS = 100 * 365 * 24 * 3600;

/**
 * `ttlSeconds`: absent, null or 0 → 3600; a negative or non-numeric value → null (never
 * expires); otherwise the number of seconds (docs/api.md#snapshots), at most MAX_SNAPSHOT_TTL_SECONDS
 * (beyond it → ERR_OUT_OF_BOUNDS: the expiry would be no time a timestamp can hold).
 */
export function readSnapshotTtl(value: unknown): number | null {
  if (value === undefined || value === null) return DEFAULT_SNAPSHOT_TTL_SECONDS;
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(numeric) || numeric < 0) return null;
  if (numeric > MAX_SNAPSHOT_TTL_SECONDS) {
    throw new CafeError('ERR_OUT_OF_BOUNDS', `ttlSeconds must be at most ${MAX_SNAPSHOT_TTL_SECONDS}`, { field: 'ttlSeconds', max: MAX_SNAPSHOT_TTL_SECONDS, value: numeric });
  }
  return numeric === 0 ? DEFAULT_SNAPSHOT_TTL_SECONDS : numeric;
}

/** The expiry of a snapshot created at `now`, or null for a snapshot that never expires. */
export function resolveSnapshotExpiry(ttlSeconds: number | null, now: Date): string | null {
  return ttlSeconds === null ? null : new Date(now.getTime() + Math.round(ttlSeconds * 1000)).toISOString();
}

/** Every field of `POST /v1/snapshots/{kind}`; all are pre-checks. */
export function parseSnapshotCreate(kind: SnapshotKind, body: Record<string, unknown>, defaults: { tenantId: string; roomId: string }): SnapshotCreateInput {
  const schema = z.object({
    tenantId: idField('tenantId', defaults.tenantId),
    roomId: idField('roomId', defaults.roomId),
    // Room snapshots are authored by `system` unless an actor is named.
    actorId: kind === 'agent' ? requiredString('actorId') : idField('actorId', 'system'),
    state: optionalObject('state'),
    ttlSeconds: checkedField(readSnapshotTtl),
    correlationId: optionalOpaqueId('correlationId'),
  });
  const parsed = parseFields(schema, body);
  return { kind, ...parsed, actorId: parsed.actorId.trim(), state: parsed.state ?? {} };
}

/** The snapshot and its `snapshot_created` event (no other effect). Pure. */
export function decideSnapshot(origin: EventOrigin, input: SnapshotCreateInput, version: number): { snapshot: Snapshot; event: NewEvent } {
  const snapshot: Snapshot = {
    scope: input.kind,
    tenantId: input.tenantId,
    roomId: input.roomId,
    actorId: input.kind === 'agent' ? input.actorId : null,
    version,
    state: input.state,
    createdAt: origin.now.toISOString(),
    expiresAt: resolveSnapshotExpiry(input.ttlSeconds, origin.now),
  };
  const event = createEvent(origin, {
    type: 'snapshot_created',
    actorId: input.actorId,
    payload: {
      scope: snapshot.scope,
      version,
      expiresAt: snapshot.expiresAt,
      snapshotRef: { roomId: snapshot.roomId, actorId: snapshot.actorId },
    },
  });
  return { snapshot, event };
}
