import { CAPABILITY_COLUMNS, timestampParam, type CapabilityRow } from './capability-row';
import type { Transaction } from './queryable';

/**
 * Flips the given (expired, locked, already published) records to inactive in one statement.
 * `expires_at` is kept: expiry − last seen is still the record's timeout if it comes back.
 */
export async function markCapabilitiesInactive(tx: Transaction, capabilityIds: string[], nowMs: number): Promise<CapabilityRow[]> {
  if (capabilityIds.length === 0) return [];
  return tx<CapabilityRow[]>`
    update flex_capabilities set status = 'inactive', updated_at = greatest(updated_at, ${timestampParam(nowMs)}::timestamptz)
     where capability_id = any(${tx.array(capabilityIds)}::text[]) and status = 'active'
    returning ${tx.unsafe(CAPABILITY_COLUMNS)}`;
}
