import { requireSql } from '../deps';
import type { QueryReader } from '../request/query';
import type { ApiRuntime } from '../runtime';
import { parseAuditQuery } from './parse-override';
import { listAuditEntries } from './audit-store';
import { defaultOverrideState } from './override-state';
import { findOverrideState, listOverrideStates } from './override-store';

/**
 * `GET /v1/operator/overrides` (docs/api.md#operator-overrides-and-audit): with `roomId` the room's state (a default one
 * when it never had an override), else the stored states newest-updated first.
 */
export async function readOverrides(runtime: ApiRuntime, query: QueryReader, defaultTenantId: string) {
  const sql = requireSql(runtime);
  const tenantId = query.string('tenantId') ?? defaultTenantId;
  const roomId = query.string('roomId');
  if (roomId !== undefined) return { override: (await findOverrideState(sql, tenantId, roomId)) ?? defaultOverrideState(tenantId, roomId) };
  const overrides = await listOverrideStates(sql, tenantId, query.int('limit', 200, 1, 1000));
  return { overrides, count: overrides.length };
}

/** `GET /v1/operator/audit` (docs/api.md#operator-overrides-and-audit): filtered, paged by `auditSeq`. */
export async function readAudit(runtime: ApiRuntime, query: QueryReader, defaultTenantId: string) {
  const parsed = parseAuditQuery(query, defaultTenantId);
  const entries = await listAuditEntries(requireSql(runtime), parsed);
  const last = entries[entries.length - 1];
  return { entries, count: entries.length, nextCursor: last ? last.auditSeq : parsed.cursor, order: parsed.order };
}
