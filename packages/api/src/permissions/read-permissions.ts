import { requireSql } from '../deps';
import type { QueryReader } from '../request/query';
import type { ApiRuntime } from '../runtime';
import { defaultPermission } from './permission';
import { findPermission, listPermissions } from './permission-store';

/**
 * `GET /v1/permissions` (docs/api.md#permissions): with `roomId` and `actorId` the effective permission
 * (defaults with `source: "default"` when none is stored), else the stored rows.
 */
export async function readPermissions(runtime: ApiRuntime, query: QueryReader, defaultTenantId: string) {
  const sql = requireSql(runtime);
  const tenantId = query.string('tenantId') ?? defaultTenantId;
  const roomId = query.string('roomId');
  const actorId = query.string('actorId');
  if (roomId !== undefined && actorId !== undefined) {
    const key = { tenantId, roomId, actorId };
    return { permission: (await findPermission(sql, key)) ?? defaultPermission(key) };
  }
  const permissions = await listPermissions(sql, { tenantId, roomId, actorId, limit: query.int('limit', 200, 1, 1000) });
  return { permissions, count: permissions.length };
}
