import type { Sql } from '@cafe/db';
import type { ApiEnv } from '@cafe/shared';
import { locks } from '../pipeline/keys';
import { countSeatedActors } from '../presence/presence-store';
import { findRoom } from '../rooms/room-store';
import { decideGate, gateNeedsSeats, type GateCheck, type GateState, type GateVerdict } from './decide-gate';
import { usePlanBook } from './plans';
import { findTableSession, listActiveRoomSessions } from './table-session-store';

/**
 * The keys a gated request holds with its others (keys.ts): the room's seat key when the rule
 * counts seats. Held from the start of the transaction to its commit, so two enters into one
 * table never count the same free seat: the second counts after the first's presence row is
 * committed (or, in the same group, written before it).
 */
export function gateLockKeys(check: GateCheck): string[] {
  return check.rule.kind === 'session' && check.rule.seatCap ? [locks.tableSeats(check.tenantId, check.roomId)] : [];
}

/** Reads what the gate decides on and asks decideGate; throws the refusal. */
export async function assertGateAllows(sql: Sql, env: Pick<ApiEnv, 'TABLE_PLAN_CATALOG_JSON' | 'TABLE_PLAN_DEFAULT_ID'>, check: GateCheck, now = new Date()): Promise<Extract<GateVerdict, { allowed: true }>> {
  const state = await readGateState(sql, check);
  const book = usePlanBook(env);
  const verdict = decideGate(check, state, { now, planOf: book.planOf });
  if (!verdict.allowed) throw verdict.error;
  return verdict;
}

async function readGateState(sql: Sql, check: GateCheck): Promise<GateState> {
  const { tenantId, roomId, rule } = check;
  if (rule.kind === 'this-session') {
    const session = await findTableSession(sql, tenantId, rule.sessionId);
    return { roomType: null, sessions: session ? [session] : [] };
  }
  const room = await findRoom(sql, tenantId, roomId);
  const roomType = room?.roomType ?? null;
  if (roomType !== 'private_table') return { roomType, sessions: [] };
  const actorId = check.actorId?.trim() ?? '';
  if (!gateNeedsSeats(check, roomType) || !actorId) return { roomType, sessions: await listActiveRoomSessions(sql, tenantId, roomId) };
  const [sessions, seats] = await Promise.all([listActiveRoomSessions(sql, tenantId, roomId), countSeatedActors(sql, tenantId, roomId, actorId)]);
  return { roomType, sessions, seats };
}
