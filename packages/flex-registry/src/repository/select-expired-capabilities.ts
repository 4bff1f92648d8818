import { timestampParam } from './capability-row';
import type { Queryable } from './queryable';

export interface CapabilityIdVersion {
  capabilityId: string;
  version: string;
}

/**
 * Active records whose expiry has passed at `nowMs` (docs/flex-registry.md#stay-alive-heartbeats-and-expiry: strictly after), by id. With `ids`,
 * only those are considered: the re-check after their locks are taken.
 */
export async function selectExpiredCapabilities(
  db: Queryable,
  nowMs: number,
  options: { limit: number; ids?: string[] },
): Promise<CapabilityIdVersion[]> {
  const rows = await db<{ capability_id: string; version: string }[]>`
    select capability_id, version from flex_capabilities
     where status = 'active' and expires_at < ${timestampParam(nowMs)}::timestamptz
       ${options.ids ? db`and capability_id = any(${db.array(options.ids)}::text[])` : db``}
     order by expires_at, capability_id
     limit ${options.limit}`;
  return rows.map((row) => ({ capabilityId: row.capability_id, version: row.version }));
}
