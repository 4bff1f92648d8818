import { PRESENCE_STATUSES, type PresenceStatus } from '@cafe/shared';

export { PRESENCE_STATUSES, type PresenceStatus };

/** The PresenceState resource of docs/api.md#resources. */
export interface PresenceState {
  tenantId: string;
  roomId: string;
  actorId: string;
  status: PresenceStatus;
  lastHeartbeatAt: string;
  ttlMs: number;
  expiresAt: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PresenceRow {
  tenant_id: string;
  room_id: string;
  actor_id: string;
  status: string;
  last_heartbeat_at: Date;
  ttl_ms: number;
  expires_at: Date;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** Maps a presence_states row to the wire shape. */
export function toPresenceState(row: PresenceRow): PresenceState {
  return {
    tenantId: row.tenant_id,
    roomId: row.room_id,
    actorId: row.actor_id,
    status: row.status as PresenceStatus,
    lastHeartbeatAt: row.last_heartbeat_at.toISOString(),
    ttlMs: Number(row.ttl_ms),
    expiresAt: row.expires_at.toISOString(),
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A presence status (lower-cased) or undefined when not one of the four. */
export function toPresenceStatus(value: unknown): PresenceStatus | undefined {
  if (typeof value !== 'string') return undefined;
  const lowered = value.trim().toLowerCase();
  return (PRESENCE_STATUSES as readonly string[]).includes(lowered) ? (lowered as PresenceStatus) : undefined;
}

