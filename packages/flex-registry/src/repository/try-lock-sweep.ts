import { SWEEP_LOCK_SPACE } from './advisory-keys';
import type { Transaction } from './queryable';

/** Tries the sweep lock for this transaction; false when another instance is sweeping. */
export async function tryLockSweep(tx: Transaction): Promise<boolean> {
  const [row] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${SWEEP_LOCK_SPACE}, 0) as locked`;
  return row?.locked === true;
}
