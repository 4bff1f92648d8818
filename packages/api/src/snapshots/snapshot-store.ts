import type { Sql } from '@cafe/db';
import { SNAPSHOT_COLUMNS, toActorKey, toSnapshot, type Snapshot, type SnapshotKind, type SnapshotRow } from './snapshot';

export interface SnapshotSeries {
  tenantId: string;
  roomId: string;
  scope: SnapshotKind;
  /** null for room snapshots. */
  actorId: string | null;
}

/** The highest version of a series, expired ones included (versions are never reused); 0 when empty. */
export async function findMaxSnapshotVersion(sql: Sql, series: SnapshotSeries): Promise<number> {
  const [row] = await sql<{ version: number | null }[]>`
    select max(version) as version from snapshots
     where tenant_id = ${series.tenantId} and room_id = ${series.roomId} and scope = ${series.scope}
       and actor_id = ${toActorKey(series.scope, series.actorId)}`;
  return Number(row?.version ?? 0);
}

/** Inserts a snapshot. */
export async function insertSnapshot(tx: Sql, snapshot: Snapshot): Promise<Snapshot> {
  const [row] = await tx<SnapshotRow[]>`
    insert into snapshots (tenant_id, room_id, scope, actor_id, version, state, created_at, expires_at)
    values (${snapshot.tenantId}, ${snapshot.roomId}, ${snapshot.scope}, ${toActorKey(snapshot.scope, snapshot.actorId)},
            ${snapshot.version}, ${JSON.stringify(snapshot.state)}::text::jsonb, ${snapshot.createdAt}, ${snapshot.expiresAt})
    returning ${tx.unsafe(SNAPSHOT_COLUMNS)}`;
  return toSnapshot(row!);
}

/** The given version, or the latest, of a series; expired snapshots are invisible. */
export async function findLiveSnapshot(sql: Sql, series: SnapshotSeries, version: number | undefined, now: Date): Promise<Snapshot | null> {
  const [row] = await sql<SnapshotRow[]>`
    select ${sql.unsafe(SNAPSHOT_COLUMNS)} from snapshots
     where tenant_id = ${series.tenantId} and room_id = ${series.roomId} and scope = ${series.scope}
       and actor_id = ${toActorKey(series.scope, series.actorId)}
       and (expires_at is null or expires_at > ${now})
       ${version !== undefined ? sql`and version = ${version}` : sql``}
     order by version desc
     limit 1`;
  return row ? toSnapshot(row) : null;
}
