export const SNAPSHOT_KINDS = ['room', 'agent'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/** The Snapshot resource of docs/api.md#resources (dates always ISO). */
export interface Snapshot {
  scope: SnapshotKind;
  tenantId: string;
  roomId: string;
  actorId: string | null;
  version: number;
  state: Record<string, unknown>;
  createdAt: string;
  expiresAt: string | null;
}

export interface SnapshotRow {
  tenant_id: string;
  room_id: string;
  scope: string;
  actor_id: string;
  version: number;
  state: Record<string, unknown>;
  created_at: Date;
  expires_at: Date | null;
}

export const SNAPSHOT_COLUMNS = 'tenant_id, room_id, scope, actor_id, version, state, created_at, expires_at';

/** The stored actor key: '' for room snapshots (the column is part of the primary key). */
export function toActorKey(scope: SnapshotKind, actorId: string | null): string {
  return scope === 'room' ? '' : (actorId ?? '');
}

/** Maps a snapshots row to the wire shape. */
export function toSnapshot(row: SnapshotRow): Snapshot {
  const scope = row.scope as SnapshotKind;
  return {
    scope,
    tenantId: row.tenant_id,
    roomId: row.room_id,
    actorId: scope === 'room' ? null : row.actor_id,
    version: Number(row.version),
    state: row.state ?? {},
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
  };
}

/** A snapshot kind from a path segment, or undefined. */
export function toSnapshotKind(value: string): SnapshotKind | undefined {
  return (SNAPSHOT_KINDS as readonly string[]).includes(value) ? (value as SnapshotKind) : undefined;
}
