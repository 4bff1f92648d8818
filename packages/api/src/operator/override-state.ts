/** One muted actor of a room (docs/policies.md#operator-overrides). */
export interface MutedActor {
  actorId: string;
  mutedBy: string;
  mutedAt: string;
  reason: string | null;
}

/** The OverrideState resource of docs/api.md#resources. */
export interface OverrideState {
  tenantId: string;
  roomId: string;
  roomPaused: boolean;
  pausedBy: string | null;
  pauseReason: string | null;
  pausedAt: string | null;
  resumedAt: string | null;
  mutedActors: Record<string, MutedActor>;
  mutedActorIds: string[];
  metadata: Record<string, unknown>;
  /** null while the room never had an override. */
  createdAt: string | null;
  updatedAt: string | null;
}

export interface OverrideRow {
  tenant_id: string;
  room_id: string;
  room_paused: boolean;
  paused_by: string | null;
  pause_reason: string | null;
  paused_at: Date | null;
  resumed_at: Date | null;
  muted_actors: Record<string, MutedActor>;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export const OVERRIDE_COLUMNS =
  'tenant_id, room_id, room_paused, paused_by, pause_reason, paused_at, resumed_at, muted_actors, metadata, created_at, updated_at';

/** Muted actor ids, sorted (jsonb keeps no key order, so insertion order cannot survive a round trip). */
export function listMutedActorIds(mutedActors: Record<string, MutedActor>): string[] {
  return Object.keys(mutedActors).sort();
}

/** The state of a room without any override. */
export function defaultOverrideState(tenantId: string, roomId: string): OverrideState {
  return {
    tenantId,
    roomId,
    roomPaused: false,
    pausedBy: null,
    pauseReason: null,
    pausedAt: null,
    resumedAt: null,
    mutedActors: {},
    mutedActorIds: [],
    metadata: {},
    createdAt: null,
    updatedAt: null,
  };
}

/** Maps an operator_room_overrides row to the wire shape (`mutedActorIds` derived). */
export function toOverrideState(row: OverrideRow): OverrideState {
  const mutedActors = row.muted_actors ?? {};
  return {
    tenantId: row.tenant_id,
    roomId: row.room_id,
    roomPaused: row.room_paused,
    pausedBy: row.paused_by,
    pauseReason: row.pause_reason,
    pausedAt: row.paused_at?.toISOString() ?? null,
    resumedAt: row.resumed_at?.toISOString() ?? null,
    mutedActors,
    mutedActorIds: listMutedActorIds(mutedActors),
    metadata: row.metadata ?? {},
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
