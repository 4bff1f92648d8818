import type { CapabilityIdVersion } from './select-expired-capabilities';
import { timestampParam } from './capability-row';
import type { Queryable } from './queryable';

/**
 * Inactive records whose last change (going inactive) is older than `cutoffMs`: due for removal
 * under FLEX_DEREGISTER_AFTER_SECONDS. With `ids`, only those (the re-check under their locks).
 */
export async function selectDeregistrableCapabilities(
  db: Queryable,
  cutoffMs: number,
  options: { limit: number; ids?: string[] },
): Promise<CapabilityIdVersion[]> {
  const rows = await db<{ capability_id: string; version: string }[]>`
    select capability_id, version from flex_capabilities
     where status = 'inactive' and updated_at < ${timestampParam(cutoffMs)}::timestamptz
       ${options.ids ? db`and capability_id = any(${db.array(options.ids)}::text[])` : db``}
     order by updated_at, capability_id
     limit ${options.limit}`;
  return rows.map((row) => ({ capabilityId: row.capability_id, version: row.version }));
}
