import { CAPABILITY_LOCK_SPACE } from './advisory-keys';
import type { Transaction } from './queryable';

/**
 * Takes the capability's transaction-level advisory lock. It assigns no transaction id, so an
 * `appendEvents` after it is still the transaction's first write.
 */
export async function lockCapability(tx: Transaction, capabilityId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(${CAPABILITY_LOCK_SPACE}, hashtext(${capabilityId}))`;
}
