import { CAPABILITY_LOCK_SPACE } from './advisory-keys';
import { epochMs, timestampParam } from './capability-row';
import type { Queryable } from './queryable';

/** What a heartbeat changes on an active record. */
export interface TouchedCapability {
  capabilityId: string;
  lastSeenAtMs: number;
  expiresAtMs: number | null;
  updatedAtMs: number;
}

/**
 * The cheap heartbeat: one statement that refreshes an ACTIVE record's `last_seen_at` and moves
 * its expiry by the same amount (expiry − last seen is the record's timeout, an invariant every
 * writer keeps). Null when the id is unknown or the record is inactive; the caller then takes
 * the slow path. The CTE takes the capability's advisory lock before the row is written, so a
 * sweeper that holds it finishes first; the UPDATE then re-checks `status` on the row version
 * that sweeper committed, and misses instead of reviving a record published as inactive.
 * `greatest` keeps instants monotonic when two heartbeats of one id race.
 */
export async function touchActiveCapability(db: Queryable, capabilityId: string, nowMs: number): Promise<TouchedCapability | null> {
  const now = timestampParam(nowMs);
  const [row] = await db<{ last_seen_ms: number; expires_ms: number | null; updated_ms: number }[]>`
    with lock as materialized (
      select pg_advisory_xact_lock(${CAPABILITY_LOCK_SPACE}, hashtext(${capabilityId}))
    )
    update flex_capabilities as c
       set last_seen_at = greatest(c.last_seen_at, ${now}::timestamptz),
           expires_at = greatest(c.last_seen_at, ${now}::timestamptz) + (c.expires_at - c.last_seen_at),
           updated_at = greatest(c.updated_at, ${now}::timestamptz)
      from lock
     where c.capability_id = ${capabilityId} and c.status = 'active'
    returning ${db.unsafe(epochMs('c.last_seen_at'))} as last_seen_ms, ${db.unsafe(epochMs('c.expires_at'))} as expires_ms,
              ${db.unsafe(epochMs('c.updated_at'))} as updated_ms`;
  if (!row) return null;
  return { capabilityId, lastSeenAtMs: row.last_seen_ms, expiresAtMs: row.expires_ms, updatedAtMs: row.updated_ms };
}
