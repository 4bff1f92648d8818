import { CafeError } from '@cafe/shared';
import type { Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import { findSharedObject, listSharedObjects } from './object-store';
import type { SharedObject } from './shared-object';
import { readObjectType } from './validate-object';

/** One shared object or 404 `Shared object not found` (unknown and malformed ids alike). */
export async function requireSharedObject(sql: Sql, tenantId: string, objectId: string): Promise<SharedObject> {
  const object = await findSharedObject(sql, tenantId, objectId);
  if (!object) throw new CafeError('ERR_NOT_FOUND', 'Shared object not found', { tenantId, objectId });
  return object;
}

/** `GET /v1/objects` (docs/api.md#shared-objects): filters by room, type (validated), key and authors. */
export async function readSharedObjects(sql: Sql, query: QueryReader, defaultTenantId: string) {
  const rawType = query.string('objectType');
  const objects = await listSharedObjects(sql, {
    tenantId: query.string('tenantId') ?? defaultTenantId,
    roomId: query.string('roomId'),
    objectType: rawType === undefined ? undefined : readObjectType(rawType),
    objectKey: query.string('objectKey'),
    createdBy: query.string('createdBy'),
    updatedBy: query.string('updatedBy'),
    limit: query.int('limit', 200, 1, 1000),
  });
  return { objects, count: objects.length };
}
