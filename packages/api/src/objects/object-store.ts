import type { Sql } from '@cafe/db';
import { isUuid } from '../request/uuid';
import { OBJECT_COLUMNS, toSharedObject, type ObjectType, type SharedObject, type SharedObjectRow } from './shared-object';

/** One shared object of a tenant, or null (also for an id that is not a UUID). */
export async function findSharedObject(sql: Sql, tenantId: string, objectId: string): Promise<SharedObject | null> {
  if (!isUuid(objectId)) return null;
  const [row] = await sql<SharedObjectRow[]>`
    select ${sql.unsafe(OBJECT_COLUMNS)} from shared_objects where object_id = ${objectId} and tenant_id = ${tenantId}`;
  return row ? toSharedObject(row) : null;
}

/** Writes a shared object (insert, or replace of the mutable fields; `createdAt`/`createdBy` kept). */
export async function saveSharedObject(tx: Sql, object: SharedObject): Promise<SharedObject> {
  const [row] = await tx<SharedObjectRow[]>`
    insert into shared_objects (object_id, tenant_id, room_id, object_type, object_key, title, content, data, quantity, metadata,
                                version, created_by, updated_by, created_at, updated_at)
    values (${object.objectId}, ${object.tenantId}, ${object.roomId}, ${object.objectType}, ${object.objectKey}, ${object.title},
            ${object.content}, ${JSON.stringify(object.data)}::text::jsonb, ${object.quantity}, ${JSON.stringify(object.metadata)}::text::jsonb,
            ${object.version}, ${object.createdBy}, ${object.updatedBy}, ${object.createdAt}, ${object.updatedAt})
    on conflict (object_id) do update
       set object_type = excluded.object_type, object_key = excluded.object_key, title = excluded.title, content = excluded.content,
           data = excluded.data, quantity = excluded.quantity, metadata = excluded.metadata, version = excluded.version,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at
    returning ${tx.unsafe(OBJECT_COLUMNS)}`;
  return toSharedObject(row!);
}

export interface SharedObjectListQuery {
  tenantId: string;
  roomId?: string;
  objectType?: ObjectType;
  objectKey?: string;
  createdBy?: string;
  updatedBy?: string;
  limit: number;
}

/** A tenant's shared objects, newest-updated first (docs/api.md#shared-objects). */
export async function listSharedObjects(sql: Sql, query: SharedObjectListQuery): Promise<SharedObject[]> {
  const rows = await sql<SharedObjectRow[]>`
    select ${sql.unsafe(OBJECT_COLUMNS)} from shared_objects
     where tenant_id = ${query.tenantId}
       ${query.roomId !== undefined ? sql`and room_id = ${query.roomId}` : sql``}
       ${query.objectType !== undefined ? sql`and object_type = ${query.objectType}` : sql``}
       ${query.objectKey !== undefined ? sql`and object_key = ${query.objectKey}` : sql``}
       ${query.createdBy !== undefined ? sql`and created_by = ${query.createdBy}` : sql``}
       ${query.updatedBy !== undefined ? sql`and updated_by = ${query.updatedBy}` : sql``}
     order by updated_at desc, object_id
     limit ${query.limit}`;
  return rows.map(toSharedObject);
}
