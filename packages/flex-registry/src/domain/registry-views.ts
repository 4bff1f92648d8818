import type { CapabilityRecord } from '@cafe/shared';
import { isExpired } from './expiry';
import type { StoredCapability } from './stored-capability';

/** What planners read (docs/flex-registry.md#find-capabilities): every record and the active ones, from one load, by id. */
export interface RegistryViews {
  all: CapabilityRecord[];
  active: CapabilityRecord[];
  /**
   * The earliest instant (epoch ms) after which one of the active records expires, so these
   * views stop being true; null when none can expire.
   */
  validUntilMs: number | null;
}

/**
 * The record as reads report it at `nowMs`: one still stored as active whose heartbeat has timed
 * out is reported inactive (docs/flex-registry.md#stay-alive-heartbeats-and-expiry), even before the sweeper persists the change.
 */
export function presentCapability(stored: StoredCapability, nowMs: number): CapabilityRecord {
  const { record, expiresAtMs } = stored;
  return record.status === 'active' && isExpired(expiresAtMs, nowMs) ? { ...record, status: 'inactive' } : record;
}

/**
 * Builds the views at `nowMs` from records sorted by id, each as `presentCapability` reports it.
 */
export function buildRegistryViews(sorted: StoredCapability[], nowMs: number): RegistryViews {
  const all: CapabilityRecord[] = [];
  const active: CapabilityRecord[] = [];
  let validUntilMs: number | null = null;
  for (const stored of sorted) {
    const record = presentCapability(stored, nowMs);
    all.push(record);
    if (record.status !== 'active') continue;
    const { expiresAtMs } = stored;
    active.push(record);
    if (expiresAtMs !== null && (validUntilMs === null || expiresAtMs < validUntilMs)) validUntilMs = expiresAtMs;
  }
  return { all, active, validUntilMs };
}
