import type { CapabilityStatus } from '@cafe/shared';
import type { Queryable } from './queryable';

export interface CapabilityState {
  status: CapabilityStatus;
  version: string;
}

/**
 * A capability's stored status, or null when the id is unknown. A plain SELECT (no FOR UPDATE):
 * it must not take a transaction id before `appendEvents`; the advisory lock serializes instead.
 */
export async function selectCapabilityState(db: Queryable, capabilityId: string): Promise<CapabilityState | null> {
  const [row] = await db<{ status: string; version: string }[]>`
    select status, version from flex_capabilities where capability_id = ${capabilityId}`;
  if (!row) return null;
  return { status: row.status === 'active' ? 'active' : 'inactive', version: row.version };
}
