import { CAPABILITY_LOCK_SPACE } from './advisory-keys';
import type { Transaction } from './queryable';

/**
 * Takes the advisory locks of several capabilities in id order (the sweeper's batch). Callers
 * keep batches small: each lock takes a slot in the server's shared lock table until commit.
 */
export async function lockCapabilities(tx: Transaction, capabilityIds: string[]): Promise<void> {
  if (capabilityIds.length === 0) return;
  await tx`
    select pg_advisory_xact_lock(${CAPABILITY_LOCK_SPACE}, hashtext(id))
      from (select unnest(${tx.array(capabilityIds)}::text[]) as id order by 1) as ids`;
}
