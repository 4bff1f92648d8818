import { randomUUID } from 'node:crypto';
import type { Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';
import { commitEvents } from '../events/commit-events';
import type { UnreadCounters } from '../inbox/unread-counters';
import { locks } from '../pipeline/keys';
import { decideSessionExpiry } from './decide-table-session';
import { listExpiredTableSessions, listStillExpiredTableSessions, markTableSessionsEnded } from './table-session-store';

/** Sessions ended per pass at most (docs/private-tables.md#the-pieces). */
export const TABLE_SESSION_SWEEP_BATCH = 1000;

export type TableSessionSweepResult = { kind: 'busy' } | { kind: 'swept'; ended: string[]; events: EventEnvelope[] };

/**
 * One expiry sweep (docs/private-tables.md#the-pieces): active sessions of every tenant with `expiresAt ≤ now`
 * become `ended`, each with `table_session_updated` and `table_session_ended` (`reason:
 * expired`) by its owner. One transaction: the sweep lock (a try-lock: with several API
 * instances a second sweeper skips instead of queueing, so each expiry is announced once),
 * then each session's lock (try-locks: a session in the middle of a PATCH is left for the next
 * pass), a re-read under those locks, the events (the first write), then the rows.
 */
export async function sweepExpiredTableSessions(
  sql: Sql,
  options: { now?: Date; batchSize?: number; unread?: UnreadCounters } = {},
): Promise<TableSessionSweepResult> {
  const now = options.now ?? new Date();
  const afterCommit: (() => unknown)[] = [];
  const result = await sql.begin(async (txRaw): Promise<TableSessionSweepResult> => {
    const tx = txRaw as unknown as Sql;
    const [sweepLock] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(hashtextextended(${locks.tableSessionSweep()}, 0)) as locked`;
    if (!sweepLock?.locked) return { kind: 'busy' };
    const candidates = await listExpiredTableSessions(tx, now, options.batchSize ?? TABLE_SESSION_SWEEP_BATCH);
    if (candidates.length === 0) return { kind: 'swept', ended: [], events: [] };
    const keys = candidates.map((session) => locks.tableSession(session.tenantId, session.sessionId));
    const lockedKeys = new Set(
      (await tx<{ k: string }[]>`select k from unnest(${keys}::text[]) as k where pg_try_advisory_xact_lock(hashtextextended(k, 0))`).map((row) => row.k),
    );
    const lockedIds = candidates.filter((session) => lockedKeys.has(locks.tableSession(session.tenantId, session.sessionId))).map((session) => session.sessionId);
    // A PATCH may have extended or ended a session between the first read and the locks.
    const expired = await listStillExpiredTableSessions(tx, lockedIds, now);
    if (expired.length === 0) return { kind: 'swept', ended: [], events: [] };
    const events = expired.flatMap((session) => decideSessionExpiry(session, now, randomUUID()).events);
    const appended = await commitEvents({ tx, onCommit: (task) => afterCommit.push(task) }, events, options.unread);
    const ended = expired.map((session) => session.sessionId);
    await markTableSessionsEnded(tx, ended, now);
    return { kind: 'swept', ended, events: appended };
  });
  for (const task of afterCommit) await Promise.resolve().then(task).catch(() => {});
  return result;
}
