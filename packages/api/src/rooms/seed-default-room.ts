import { randomUUID } from 'node:crypto';
import type { Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';
import { commitEvents } from '../events/commit-events';
import type { UnreadCounters } from '../inbox/unread-counters';
import { decideSeedRoom } from './decide-room';
import { locks } from '../pipeline/keys';
import type { Room } from './room';
import { holdLock } from '../mutation/hold-lock';
import { findRoom, insertRoomIfAbsent } from './room-store';

export type SeedResult = { kind: 'created'; room: Room; event: EventEnvelope } | { kind: 'exists'; room: Room };

/**
 * Creates the default lobby of docs/http.md#tenants-and-rooms when the room has no record, with its `room_created`
 * event, in one transaction. Race-free across API instances: every room writer holds the
 * room's advisory lock, and the existence check runs under it, so the event is appended only
 * when this call really creates the row.
 */
export async function seedDefaultRoom(sql: Sql, ids: { tenantId: string; roomId: string }, unread?: UnreadCounters): Promise<SeedResult> {
  const existing = await findRoom(sql, ids.tenantId, ids.roomId);
  if (existing) return { kind: 'exists', room: existing };
  const afterCommit: (() => unknown)[] = [];
  const result = await sql.begin(async (txRaw): Promise<SeedResult> => {
    const tx = txRaw as unknown as Sql;
    await holdLock(tx, locks.room(ids.tenantId, ids.roomId));
    const current = await findRoom(tx, ids.tenantId, ids.roomId);
    if (current) return { kind: 'exists', room: current };
    const decision = decideSeedRoom({ ...ids, correlationId: randomUUID(), now: new Date() });
    // The event first: the append must be the transaction's first write.
    const [event] = await commitEvents({ tx, onCommit: (task) => afterCommit.push(task) }, [decision.event], unread);
    const room = await insertRoomIfAbsent(tx, decision.room);
    // Only a writer that skipped the lock could get here; rolling back drops the event too.
    if (!room) throw new Error(`room ${ids.tenantId}/${ids.roomId} appeared while its lock was held`);
    return { kind: 'created', room, event: event! };
  });
  for (const task of afterCommit) await Promise.resolve().then(task).catch(() => {});
  return result;
}
