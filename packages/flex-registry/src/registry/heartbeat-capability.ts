import type { Sql } from '@cafe/db';
import type { StoredCapability } from '../domain/stored-capability';
import { toStoredCapability } from '../repository/capability-row';
import { lockCapability } from '../repository/lock-capability';
import { reactivateCapability } from '../repository/reactivate-capability';
import { selectCapabilityState } from '../repository/select-capability-state';
import { touchActiveCapability, type TouchedCapability } from '../repository/touch-active-capability';
import { publishTransitions } from './publish-transitions';

export type HeartbeatOutcome =
  | { kind: 'refreshed'; touched: TouchedCapability }
  | { kind: 'reactivated'; stored: StoredCapability }
  | { kind: 'not_found' };

/**
 * `POST …/{capabilityId}/heartbeat`: one UPDATE for an active record (the common case, cost
 * independent of the registry's size). Only when that misses does it open a transaction: the
 * id is unknown (not_found), inactive (publish `reactivated`, then flip it), or was revived by
 * someone else in between (refresh it now that the lock is held).
 */
export async function heartbeatCapability(
  sql: Sql,
  capabilityId: string,
  options: { clock: () => number; tenantId: string },
): Promise<HeartbeatOutcome> {
  const touched = await touchActiveCapability(sql, capabilityId, options.clock());
  if (touched) return { kind: 'refreshed', touched };
  return sql.begin(async (tx): Promise<HeartbeatOutcome> => {
    await lockCapability(tx, capabilityId);
    const nowMs = options.clock();
    const prior = await selectCapabilityState(tx, capabilityId);
    if (!prior) return { kind: 'not_found' };
    if (prior.status === 'active') {
      const retouched = await touchActiveCapability(tx, capabilityId, nowMs);
      return retouched ? { kind: 'refreshed', touched: retouched } : { kind: 'not_found' };
    }
    await publishTransitions(
      tx,
      [{ capabilityId, from: 'inactive', to: 'active', reason: 'reactivated', version: prior.version, atMs: nowMs }],
      options.tenantId,
    );
    const row = await reactivateCapability(tx, capabilityId, nowMs);
    if (!row) throw new Error(`capability ${capabilityId} changed under its lock`);
    return { kind: 'reactivated', stored: toStoredCapability(row) };
  });
}
