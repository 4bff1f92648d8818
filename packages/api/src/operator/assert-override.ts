import type { Sql } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import { addTraceStep, type Trace } from '../traces/trace-store';
import { checkOverride } from './check-override';
import { findOverrideState } from './override-store';
import type { OverrideState } from './override-state';

/**
 * The read the Override step decides on, startable before the checks ahead of it finish (it
 * writes nothing, so a request refused earlier only wasted a read).
 */
export function readOverrideState(tx: Sql, check: Pick<OverrideCheck, 'tenantId' | 'roomId'>): Promise<OverrideState | null> {
  return findOverrideState(tx, check.tenantId, check.roomId);
}


export interface OverrideCheck {
  tenantId: string;
  roomId: string;
  actorId: string;
  /** The action name of docs/policies.md#operator-overrides (`enter`, `say`, `navigate_to`, `room_upsert`, …). */
  action: string;
}

/**
 * The Override step (docs/api.md#commands step 5, docs/api.md#intents; docs/policies.md#operator-overrides), inside the request's
 * transaction: 423 `ERR_OPERATOR_OVERRIDE_BLOCKED` with trace step `RC_OPERATOR_OVERRIDE_BLOCKED`
 * when the room is paused (all but `leave`) or the actor is muted (speaking actions).
 * The caller holds the room's override lock shared (the runner declares it), so the state
 * read here cannot change before the request commits.
 */
export async function assertOverrideAllows(
  ctx: { tx: Sql; trace: Trace; correlationId: string },
  check: OverrideCheck,
  stateRead: Promise<OverrideState | null> = readOverrideState(ctx.tx, check),
): Promise<void> {
  const state = await stateRead;
  const verdict = checkOverride(state, check.action, check.actorId);
  if (verdict.allowed) return;
  const details = {
    tenantId: check.tenantId,
    roomId: check.roomId,
    actorId: check.actorId,
    action: check.action,
    reasonCode: verdict.reasonCode,
    correlationId: ctx.correlationId,
    ...verdict.details,
  };
  addTraceStep(ctx.trace, 'RC_OPERATOR_OVERRIDE_BLOCKED', details);
  throw new CafeError('ERR_OPERATOR_OVERRIDE_BLOCKED', 'Action blocked by active operator override', details);
}
