import { randomUUID } from 'node:crypto';
import type { Sql } from '@cafe/db';
import { commitEvents } from '../events/commit-events';
import { requireSql } from '../deps';
import { holdLock } from '../mutation/hold-lock';
import { locks } from '../pipeline/keys';
import type { ApiRuntime } from '../runtime';
import { decideHeartbeat } from './decide-presence';
import { findPresence, savePresence } from './presence-store';
import type { PresenceState, PresenceStatus } from './presence-state';

export interface PollHeartbeatInput {
  tenantId: string;
  roomId: string;
  actorId: string;
  status?: PresenceStatus;
  ttlMs: number;
}

export type PollHeartbeatResult =
  | { refreshed: false; reason: 'throttled'; presence: PresenceState }
  | { refreshed: true; reason: 'updated'; presence: PresenceState }
  | { refreshed: false; reason: 'error'; presence: PresenceState | null; error: string };

/** Whether a poll heartbeat may be skipped: same status, still active, refreshed recently. */
export function isPollHeartbeatThrottled(previous: PresenceState | null, status: PresenceStatus, now: Date, minIntervalMs: number): boolean {
  if (!previous || !previous.isActive || previous.status !== status) return false;
  return now.getTime() - new Date(previous.lastHeartbeatAt).getTime() < minIntervalMs;
}

/** The status a poll heartbeat records: the asked one, else the current one unless inactive, else idle. */
export function choosePollStatus(requested: PresenceStatus | undefined, previous: PresenceState | null): PresenceStatus {
  if (requested) return requested;
  return previous && previous.status !== 'inactive' ? previous.status : 'idle';
}

/**
 * The implicit heartbeat of a long poll (docs/api.md#event-log-reads). It never fails the poll: errors
 * are reported in the result. Runs in its own transaction, serialised per actor like commands.
 */
export async function recordPollHeartbeat(runtime: ApiRuntime, input: PollHeartbeatInput): Promise<PollHeartbeatResult> {
  let previous: PresenceState | null = null;
  try {
    const sql = requireSql(runtime);
    return await sql.begin(async (txRaw) => {
      const tx = txRaw as unknown as Sql;
      await holdLock(tx, locks.actor(input.tenantId, input.roomId, input.actorId));
      const now = new Date();
      previous = await findPresence(tx, input.tenantId, input.roomId, input.actorId);
      const status = choosePollStatus(input.status, previous);
      if (previous && isPollHeartbeatThrottled(previous, status, now, runtime.env.EVENTS_POLL_HEARTBEAT_MIN_INTERVAL_MS)) {
        return { refreshed: false as const, reason: 'throttled' as const, presence: previous };
      }
      const decision = decideHeartbeat({ tenantId: input.tenantId, roomId: input.roomId, correlationId: randomUUID(), now }, previous, {
        actorId: input.actorId,
        status,
        ttlMs: input.ttlMs,
        reason: 'events_poll_activity',
        source: 'agent',
      });
      await commitEvents({ tx, onCommit: () => {} }, decision.events);
      await savePresence(tx, decision.next!);
      return { refreshed: true as const, reason: 'updated' as const, presence: decision.next! };
    });
  } catch (error) {
    runtime.logger.warn('poll heartbeat failed', { actorId: input.actorId, error: (error as Error).message });
    return { refreshed: false, reason: 'error', presence: previous, error: (error as Error).message };
  }
}
