import { CafeError, type Plan, type PlanFeature } from '@cafe/shared';
import type { RoomType } from '../rooms/room';
import { isSessionExpired, isSessionMember, type TableSession } from './table-session';

/**
 * Which rule a route applies (docs/private-tables.md#the-gate):
 * - `session`: the session gate — an active, non-expired session the actor belongs to, the
 *   plan feature when one is required, and the seat cap for `enter`;
 * - `open-session`: creating a session — refused only while someone else's session is open;
 * - `this-session`: patching a session — the actor must belong to that session, whatever the
 *   room type, plan or expiry.
 */
export type GateRule =
  | { kind: 'session'; requiredFeature?: PlanFeature; seatCap?: boolean }
  | { kind: 'open-session' }
  | { kind: 'this-session'; sessionId: string };

/** What a route asks the gate. */
export interface GateCheck {
  tenantId: string;
  roomId: string;
  actorId: string | undefined;
  /** The action name reported in refusals (`enter`, `intent:navigate_to`, `replay`, …). */
  action: string;
  rule: GateRule;
}

/** What the gate decides on, read by assert-gate.ts. */
export interface GateState {
  /** The room record's type; null when the room has no record (an open lobby). */
  roomType: RoomType | null;
  /** `session`/`open-session`: the room's active sessions, newest-updated first. `this-session`: that session. */
  sessions: TableSession[];
  /** Seats taken; read (under the room's seat lock) only when `gateNeedsSeats`. */
  seats?: { activeAgents: number; actorSeated: boolean };
}

export type GateVerdict =
  | { allowed: true; session: TableSession | null; plan: Plan | null }
  | { allowed: false; error: CafeError };

/** Whether the rule needs the seat count before it can decide (only in private tables). */
export function gateNeedsSeats(check: GateCheck, roomType: RoomType | null): boolean {
  return check.rule.kind === 'session' && check.rule.seatCap === true && roomType === 'private_table';
}

const NOT_ALLOWED = 'Actor is not allowed in this private table session';

/** The session the gate judges by: the first open one the actor belongs to, else the first open one. */
function chooseSession(sessions: TableSession[], actorId: string, now: Date): TableSession | undefined {
  const open = sessions.filter((session) => !isSessionExpired(session, now));
  return open.find((session) => isSessionMember(session, actorId)) ?? open[0];
}

/**
 * The private-table gate (docs/private-tables.md#the-gate), in the contract's order: room type, actor id,
 * session (402 none, 403 expired), membership (403), plan feature (403
 * ERR_PLAN_FEATURE_DISABLED), seat cap (400 ERR_OUT_OF_BOUNDS). Pure.
 */
export function decideGate(check: GateCheck, state: GateState, context: { now: Date; planOf: (planId: string) => Plan }): GateVerdict {
  const { tenantId, roomId, action, rule } = check;
  const actorId = check.actorId?.trim() || undefined;
  const common = { tenantId, roomId, actorId: actorId ?? null, action };

  if (rule.kind === 'this-session') {
    const session = state.sessions[0];
    if (session && actorId !== undefined && isSessionMember(session, actorId)) return { allowed: true, session, plan: context.planOf(session.planId) };
    return { allowed: false, error: new CafeError('ERR_FORBIDDEN', NOT_ALLOWED, { ...common, sessionId: rule.sessionId }) };
  }
  if (state.roomType !== 'private_table') return { allowed: true, session: null, plan: null };
  if (actorId === undefined) return { allowed: false, error: new CafeError('ERR_MISSING_FIELD', 'actorId is required', { field: 'actorId', roomId, action }) };

  const session = chooseSession(state.sessions, actorId, context.now);
  if (rule.kind === 'open-session') {
    if (!session || isSessionMember(session, actorId)) return { allowed: true, session: session ?? null, plan: session ? context.planOf(session.planId) : null };
    return { allowed: false, error: new CafeError('ERR_FORBIDDEN', NOT_ALLOWED, { ...common, sessionId: session.sessionId }) };
  }

  if (!session) {
    const expired = state.sessions[0];
    if (expired) {
      return {
        allowed: false,
        error: new CafeError('ERR_FORBIDDEN', 'Private table session has expired', { ...common, sessionId: expired.sessionId, expiredAt: expired.expiresAt }),
      };
    }
    return { allowed: false, error: new CafeError('ERR_PAYMENT_REQUIRED', 'No active private table session for this room', common) };
  }
  if (!isSessionMember(session, actorId)) return { allowed: false, error: new CafeError('ERR_FORBIDDEN', NOT_ALLOWED, { ...common, sessionId: session.sessionId }) };

  const plan = context.planOf(session.planId);
  const { requiredFeature } = rule;
  if (requiredFeature !== undefined && !plan.features.includes(requiredFeature)) {
    return {
      allowed: false,
      error: new CafeError('ERR_PLAN_FEATURE_DISABLED', `Plan '${plan.planId}' does not include '${requiredFeature}'`, {
        ...common,
        sessionId: session.sessionId,
        planId: plan.planId,
        requiredFeature,
        enabledFeatures: plan.features,
      }),
    };
  }
  if (rule.seatCap && state.seats) {
    const { activeAgents, actorSeated } = state.seats;
    if (!actorSeated && activeAgents >= plan.maxAgents) {
      return {
        allowed: false,
        error: new CafeError('ERR_OUT_OF_BOUNDS', 'Private table seat capacity reached', {
          ...common,
          sessionId: session.sessionId,
          planId: plan.planId,
          maxAgents: plan.maxAgents,
          activeAgents,
        }),
      };
    }
  }
  return { allowed: true, session, plan };
}
