import type { EventEnvelope } from '@cafe/shared';
import type { PresenceState } from './presence-state';

/** One actor's last-seen row (docs/api.md#presence). */
export interface LastSeenRow {
  actorId: string;
  lastSeen: string;
  lastEventId: string;
  lastEventType: string;
  lastSequence: number;
  status: PresenceState['status'] | null;
  isActive: boolean | null;
  lastHeartbeatAt: string | null;
}

export const SYSTEM_ACTOR_ID = 'system';

/**
 * Folds events (newest first) into the latest event per author, at most `limit` actors, in
 * order of recency; actor `system` only when asked for (docs/policies.md#last-seen). Presence fields are
 * null here; `joinPresence` fills them when a room was named. Pure.
 */
export function foldLastSeen(eventsNewestFirst: EventEnvelope[], options: { includeSystemActors: boolean; limit: number }): LastSeenRow[] {
  const rows = new Map<string, LastSeenRow>();
  for (const event of eventsNewestFirst) {
    if (rows.size >= options.limit) break;
    if (rows.has(event.actorId)) continue;
    if (!options.includeSystemActors && event.actorId === SYSTEM_ACTOR_ID) continue;
    rows.set(event.actorId, {
      actorId: event.actorId,
      lastSeen: event.timestamp,
      lastEventId: event.eventId,
      lastEventType: event.type,
      lastSequence: event.sequence,
      status: null,
      isActive: null,
      lastHeartbeatAt: null,
    });
  }
  return [...rows.values()];
}

/** `scanLimit`: default `limit × 20`, clamped to `[limit, 5000]`. */
export function resolveScanLimit(requested: number | undefined, limit: number): number {
  const wanted = requested ?? limit * 20;
  return Math.min(5000, Math.max(limit, Math.round(wanted)));
}

/** Fills `status`, `isActive`, `lastHeartbeatAt` from the room's presence rows (null when none). */
export function joinPresence(rows: LastSeenRow[], presence: PresenceState[]): LastSeenRow[] {
  const byActor = new Map(presence.map((state) => [state.actorId, state]));
  return rows.map((row) => {
    const state = byActor.get(row.actorId);
    return state ? { ...row, status: state.status, isActive: state.isActive, lastHeartbeatAt: state.lastHeartbeatAt } : row;
  });
}
