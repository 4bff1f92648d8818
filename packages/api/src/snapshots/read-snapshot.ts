import type { Sql } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import type { QueryReader } from '../request/query';
import type { SnapshotKind } from './snapshot';
import { findLiveSnapshot } from './snapshot-store';

/** `snapshots.version` is an int4: a larger version names no snapshot. */
const MAX_SNAPSHOT_VERSION = 2_147_483_647;

/** `version`: a positive integer, or undefined when absent or not one ("not given"). */
export function readSnapshotVersion(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  const version = Number(raw.trim());
  return Number.isSafeInteger(version) && version > 0 ? version : undefined;
}

/**
 * `GET /v1/snapshots/{room|agent}` (docs/api.md#snapshots): the given version or the latest unexpired
 * one, else 404 `Snapshot not found`.
 */
export async function readSnapshot(sql: Sql, kind: SnapshotKind, query: QueryReader, defaults: { tenantId: string; roomId: string }) {
  const tenantId = query.string('tenantId') ?? defaults.tenantId;
  const roomId = query.string('roomId') ?? defaults.roomId;
  const actorId = kind === 'agent' ? query.string('actorId') : null;
  if (actorId === undefined) throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: actorId', { field: 'actorId' });
  const version = readSnapshotVersion(query.string('version'));
  const snapshot = version !== undefined && version > MAX_SNAPSHOT_VERSION ? null : await findLiveSnapshot(sql, { tenantId, roomId, scope: kind, actorId }, version, new Date());
  if (!snapshot) throw new CafeError('ERR_NOT_FOUND', 'Snapshot not found', { tenantId, roomId, actorId, version: version ?? null });
  return { snapshot };
}
