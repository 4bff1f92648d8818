import { CAPABILITY_COLUMNS, timestampParam, type CapabilityRow } from './capability-row';
import type { Transaction } from './queryable';

/**
 * Brings an inactive record back on a heartbeat: active, seen at `now`, expiry moved by the
 * record's timeout (expiry − last seen, kept by every writer). Call with the capability's lock
 * held, after publishing the change.
 */
export async function reactivateCapability(tx: Transaction, capabilityId: string, nowMs: number): Promise<CapabilityRow | null> {
  const now = timestampParam(nowMs);
  const [row] = await tx<CapabilityRow[]>`
    update flex_capabilities
       set status = 'active',
           last_seen_at = greatest(last_seen_at, ${now}::timestamptz),
           expires_at = greatest(last_seen_at, ${now}::timestamptz) + (expires_at - last_seen_at),
           updated_at = greatest(updated_at, ${now}::timestamptz)
     where capability_id = ${capabilityId} and status = 'inactive'
    returning ${tx.unsafe(CAPABILITY_COLUMNS)}`;
  return row ?? null;
}
