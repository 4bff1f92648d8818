export const OBJECT_TYPES = ['whiteboard', 'note', 'token'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** The fields an object write may carry (docs/api.md#shared-objects), in the order error details list them. */
export const OBJECT_FIELDS = ['objectType', 'objectKey', 'title', 'content', 'data', 'quantity', 'metadata'] as const;
export type ObjectField = (typeof OBJECT_FIELDS)[number];

/** The SharedObject resource of docs/api.md#resources. */
export interface SharedObject {
  objectId: string;
  tenantId: string;
  roomId: string;
  objectType: ObjectType;
  objectKey: string | null;
  title: string | null;
  content: string | null;
  data: Record<string, unknown>;
  quantity: number | null;
  metadata: Record<string, unknown>;
  version: number;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface SharedObjectRow {
  object_id: string;
  tenant_id: string;
  room_id: string;
  object_type: string;
  object_key: string | null;
  title: string | null;
  content: string | null;
  data: Record<string, unknown>;
  quantity: number | null;
  metadata: Record<string, unknown>;
  version: number;
  created_by: string;
  updated_by: string;
  created_at: Date;
  updated_at: Date;
}

export const OBJECT_COLUMNS =
  'object_id, tenant_id, room_id, object_type, object_key, title, content, data, quantity, metadata, version, created_by, updated_by, created_at, updated_at';

/** Maps a shared_objects row to the wire shape. */
export function toSharedObject(row: SharedObjectRow): SharedObject {
  return {
    objectId: row.object_id,
    tenantId: row.tenant_id,
    roomId: row.room_id,
    objectType: row.object_type as ObjectType,
    objectKey: row.object_key,
    title: row.title,
    content: row.content,
    data: row.data ?? {},
    quantity: row.quantity,
    metadata: row.metadata ?? {},
    version: row.version,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
