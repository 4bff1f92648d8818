import type { Sql } from '@cafe/db';
import type { StatusTransition } from '../domain/status-transition';
import type { StoredCapability } from '../domain/stored-capability';
import { toStoredCapability } from '../repository/capability-row';
import { deleteCapabilities } from '../repository/delete-capabilities';
import { lockCapabilities } from '../repository/lock-capabilities';
import { markCapabilitiesInactive } from '../repository/mark-capabilities-inactive';
import { selectDeregistrableCapabilities } from '../repository/select-deregistrable-capabilities';
import { selectExpiredCapabilities, type CapabilityIdVersion } from '../repository/select-expired-capabilities';
import { tryLockSweep } from '../repository/try-lock-sweep';
import { publishTransitions } from './publish-transitions';

/** Records handled per sweep transaction: bounds the advisory locks one transaction holds. */
export const SWEEP_BATCH_SIZE = 200;

export type SweepOutcome =
  | { kind: 'skipped' }
  | { kind: 'swept'; inactive: StoredCapability[]; removed: string[]; more: boolean };

export interface SweepOptions {
  clock: () => number;
  tenantId: string;
  deregisterAfterSeconds: number;
  batchSize?: number;
}

/**
 * One sweep pass, safe with several registry instances: under `pg_try_advisory_xact_lock` (a
 * busy lock means another instance is sweeping: skip), it picks expired active records (and,
 * with removal on, long-inactive ones), takes their locks, re-reads which still qualify (a
 * heartbeat may have won the race), publishes one event per change, then writes. So each expiry
 * yields one `capability_status_changed`, however many instances sweep.
 */
export async function sweepCapabilities(sql: Sql, options: SweepOptions): Promise<SweepOutcome> {
  const limit = options.batchSize ?? SWEEP_BATCH_SIZE;
  return sql.begin(async (tx): Promise<SweepOutcome> => {
    if (!(await tryLockSweep(tx))) return { kind: 'skipped' };
    const nowMs = options.clock();
    const cutoffMs = nowMs - options.deregisterAfterSeconds * 1000;
    const removal = options.deregisterAfterSeconds > 0;

    const expiredCandidates = await selectExpiredCapabilities(tx, nowMs, { limit });
    const removalCandidates = removal ? await selectDeregistrableCapabilities(tx, cutoffMs, { limit }) : [];
    const ids = (list: CapabilityIdVersion[]) => list.map((item) => item.capabilityId);
    await lockCapabilities(tx, [...ids(expiredCandidates), ...ids(removalCandidates)]);

    const expired = expiredCandidates.length
      ? await selectExpiredCapabilities(tx, nowMs, { limit, ids: ids(expiredCandidates) })
      : [];
    const removable = removalCandidates.length
      ? await selectDeregistrableCapabilities(tx, cutoffMs, { limit, ids: ids(removalCandidates) })
      : [];
    const transitions: StatusTransition[] = [
      ...expired.map((c) => ({ ...c, from: 'active', to: 'inactive', reason: 'heartbeat_timeout', atMs: nowMs }) as const),
      ...removable.map((c) => ({ ...c, from: 'inactive', to: 'removed', reason: 'deregistered', atMs: nowMs }) as const),
    ];
    await publishTransitions(tx, transitions, options.tenantId);
    const inactiveRows = await markCapabilitiesInactive(tx, ids(expired), nowMs);
    const removed = await deleteCapabilities(tx, ids(removable));
    if (inactiveRows.length !== expired.length || removed.length !== removable.length) {
      // Impossible while every writer honours the locks; roll back rather than publish a lie.
      throw new Error('capability rows changed under their sweep locks');
    }
    const more = expiredCandidates.length === limit || removalCandidates.length === limit;
    return { kind: 'swept', inactive: inactiveRows.map(toStoredCapability), removed, more };
  });
}
