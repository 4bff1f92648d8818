/** The five capability flags of the permission matrix (docs/policies.md#permissions). */
export const CAPABILITIES = ['canMove', 'canSpeak', 'canOrder', 'canEnterLeave', 'canModerate'] as const;
export type Capability = (typeof CAPABILITIES)[number];
export type PermissionFlags = Record<Capability, boolean>;

/** Defaults for an actor without a stored row: everything but moderation. */
export const DEFAULT_PERMISSION_FLAGS: Readonly<PermissionFlags> = Object.freeze({
  canMove: true,
  canSpeak: true,
  canOrder: true,
  canEnterLeave: true,
  canModerate: false,
});

/** The Permission resource of docs/api.md#resources. */
export interface Permission extends PermissionFlags {
  tenantId: string;
  roomId: string;
  actorId: string;
  createdAt: string | null;
  updatedAt: string | null;
  source: 'custom' | 'default';
}

export interface PermissionKey {
  tenantId: string;
  roomId: string;
  actorId: string;
}

export interface PermissionRow {
  tenant_id: string;
  room_id: string;
  actor_id: string;
  can_move: boolean;
  can_speak: boolean;
  can_order: boolean;
  can_enter_leave: boolean;
  can_moderate: boolean;
  created_at: Date;
  updated_at: Date;
}

export const PERMISSION_COLUMNS = 'tenant_id, room_id, actor_id, can_move, can_speak, can_order, can_enter_leave, can_moderate, created_at, updated_at';

/** Maps a stored row to the wire shape (`source: "custom"`). */
export function toPermission(row: PermissionRow): Permission {
  return {
    tenantId: row.tenant_id,
    roomId: row.room_id,
    actorId: row.actor_id,
    canMove: row.can_move,
    canSpeak: row.can_speak,
    canOrder: row.can_order,
    canEnterLeave: row.can_enter_leave,
    canModerate: row.can_moderate,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    source: 'custom',
  };
}

/** The effective permission of an actor without a stored row. */
export function defaultPermission(key: PermissionKey): Permission {
  return { ...key, ...DEFAULT_PERMISSION_FLAGS, createdAt: null, updatedAt: null, source: 'default' };
}
