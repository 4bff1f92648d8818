import { randomUUID } from 'node:crypto';
import type { Sql } from '@cafe/db';
import type { EventEnvelope, NewEvent } from '@cafe/shared';
import { commitEvents } from '../events/commit-events';
import type { UnreadCounters } from '../inbox/unread-counters';
import { decideTtlExpiry } from './decide-presence';
import { locks } from '../pipeline/keys';
import { listExpiredPresence, listStillExpiredPresence, markPresenceInactive, type PresenceKey } from './presence-store';

/** One lock for the whole sweep: with several API instances only one sweeps at a time. */
export const PRESENCE_SWEEP_LOCK = 'presence:sweep';
export const PRESENCE_SWEEP_BATCH = 500;

export type SweepResult = { kind: 'busy' } | { kind: 'swept'; events: EventEnvelope[] };

/**
 * One TTL sweep (docs/policies.md#presence): rows with `expiresAt ≤ now` that are not inactive become
 * inactive, each with a `status_changed` (`heartbeat_ttl_expired`, source `system`, a fresh
 * correlation id). One transaction: the sweep lock (a try-lock, so a second instance skips
 * instead of queueing), then each candidate's actor lock (try-locks: an actor in the middle of
 * a request is left for the next sweep), a re-check of the rows under those locks, the events
 * (first write), then the rows. Advisory locks take no transaction id, so the append stays first.
 */
export async function sweepExpiredPresence(
  sql: Sql,
  options: { now?: Date; batchSize?: number; unread?: UnreadCounters } = {},
): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const afterCommit: (() => unknown)[] = [];
  const result = await sql.begin(async (txRaw): Promise<SweepResult> => {
    const tx = txRaw as unknown as Sql;
    const [sweepLock] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(hashtextextended(${PRESENCE_SWEEP_LOCK}, 0)) as locked`;
    if (!sweepLock?.locked) return { kind: 'busy' };
    const candidates = await listExpiredPresence(tx, now, options.batchSize ?? PRESENCE_SWEEP_BATCH);
    if (candidates.length === 0) return { kind: 'swept', events: [] };
    const keys = candidates.map((row) => locks.actor(row.tenantId, row.roomId, row.actorId));
    const lockedKeys = new Set(
      (
        await tx<{ k: string }[]>`
          select k from unnest(${keys}::text[]) as k where pg_try_advisory_xact_lock(hashtextextended(k, 0))`
      ).map((row) => row.k),
    );
    const locked: PresenceKey[] = candidates.filter((row) => lockedKeys.has(locks.actor(row.tenantId, row.roomId, row.actorId)));
    // A heartbeat may have committed between the first read and the locks: decide on fresh rows.
    const expired = await listStillExpiredPresence(tx, locked, now);
    const events: NewEvent[] = expired.flatMap((row) => decideTtlExpiry(row, now, randomUUID()).events);
    if (events.length === 0) return { kind: 'swept', events: [] };
    const appended = await commitEvents({ tx, onCommit: (task) => afterCommit.push(task) }, events, options.unread);
    await markPresenceInactive(tx, expired, now);
    return { kind: 'swept', events: appended };
  });
  for (const task of afterCommit) await Promise.resolve().then(task).catch(() => {});
  return result;
}
