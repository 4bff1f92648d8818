/** The PinnedContext resource of docs/api.md#resources: one version of a room's pinned context. */
export interface PinnedContext {
  tenantId: string;
  roomId: string;
  version: number;
  content: string;
  metadata: Record<string, unknown>;
  pinnedBy: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PinnedContextRow {
  tenant_id: string;
  room_id: string;
  version: number;
  content: string;
  metadata: Record<string, unknown>;
  pinned_by: string;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

export const PIN_COLUMNS = 'tenant_id, room_id, version, content, metadata, pinned_by, is_active, created_at, updated_at';

export function toPinnedContext(row: PinnedContextRow): PinnedContext {
  return {
    tenantId: row.tenant_id,
    roomId: row.room_id,
    version: row.version,
    content: row.content,
    metadata: row.metadata ?? {},
    pinnedBy: row.pinned_by,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
