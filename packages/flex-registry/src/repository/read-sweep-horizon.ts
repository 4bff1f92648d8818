import type { SweepHorizon } from '../domain/sweep-plan';
import { epochMs } from './capability-row';
import type { Queryable } from './queryable';

/**
 * The sweeper's cheap look: the earliest expiry among active records (an index lookup on the
 * partial expiry index) and, when removal is on, the oldest change among inactive records.
 */
export async function readSweepHorizon(db: Queryable, includeInactive: boolean): Promise<SweepHorizon> {
  const [row] = await db<{ next_expiry_ms: number | null; oldest_inactive_ms: number | null }[]>`
    select ${db.unsafe(epochMs(`(select min(expires_at) from flex_capabilities where status = 'active')`))} as next_expiry_ms,
           ${includeInactive ? db.unsafe(epochMs(`(select min(updated_at) from flex_capabilities where status = 'inactive')`)) : db`null::float8`} as oldest_inactive_ms`;
  return { nextExpiryMs: row?.next_expiry_ms ?? null, oldestInactiveMs: row?.oldest_inactive_ms ?? null };
}
