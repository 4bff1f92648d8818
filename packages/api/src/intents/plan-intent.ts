import { CafeError, INTENTS, type IntentName, type NewEvent } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import { GRID, GRID_CENTRE, isInsideGrid, planPath, TABLES, type Position } from '../grid/grid';
import { decideHeartbeat } from '../presence/decide-presence';
import type { PresenceState } from '../presence/presence-state';

export { INTENTS, type IntentName };

export interface IntentTarget {
  intent: IntentName;
  target: Position;
  label: string;
  outcome: 'seated' | 'arrived';
}

const BOUNDS = { minX: GRID.minX, maxX: GRID.maxX, minY: GRID.minY, maxY: GRID.maxY };

/** Resolves an intent's target (docs/api.md#intents) or throws the catalogue error for it. */
export function resolveIntentTarget(intent: string, args: Record<string, unknown>): IntentTarget {
  if (intent === 'sit_at_table') {
    const tableId = typeof args.tableId === 'string' ? args.tableId.trim() : '';
    if (!tableId) throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: tableId', { field: 'tableId' });
    const table = TABLES[tableId];
    if (!table) throw new CafeError('ERR_UNKNOWN_TABLE', undefined, { field: 'tableId', tableId, allowed: Object.keys(TABLES) });
    return { intent, target: { ...table }, label: tableId, outcome: 'seated' };
  }
  if (intent === 'navigate_to') {
    const { x, y } = args;
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new CafeError('ERR_OUT_OF_BOUNDS', undefined, { field: 'x,y', x: x ?? null, y: y ?? null, bounds: BOUNDS });
    }
    const target = { x: Math.round(x), y: Math.round(y) };
    if (!isInsideGrid(target)) throw new CafeError('ERR_OUT_OF_BOUNDS', undefined, { field: 'x,y', x: target.x, y: target.y, bounds: BOUNDS });
    return { intent, target, label: `(${target.x}, ${target.y})`, outcome: 'arrived' };
  }
  throw new CafeError('ERR_UNSUPPORTED_ACTION', `Unsupported intent: ${intent}`, { intent });
}

export interface IntentDecision {
  from: Position;
  path: ReturnType<typeof planPath>;
  events: NewEvent[];
  completed: NewEvent;
  nextPresence: PresenceState;
}

/**
 * Plans and executes an intent as events (docs/api.md#intents): planned, one move per leg, completed,
 * then the presence heartbeat. Pure.
 */
export function decideIntent(
  origin: EventOrigin,
  actorId: string,
  target: IntentTarget,
  state: { position: Position | null; presence: PresenceState | null },
  options: { presenceTtlMs: number },
): IntentDecision {
  const from = state.position ?? { ...GRID_CENTRE };
  const path = planPath(from, target.target);
  const planned = createEvent(origin, {
    type: 'intent_planned',
    actorId,
    payload: { intent: target.intent, target: target.target, label: target.label, from, path },
  });
  const moves = path.map((leg) =>
    createEvent(origin, {
      type: 'actor_moved',
      actorId,
      causationId: planned.eventId,
      payload: { direction: leg.direction, steps: leg.steps, intent: target.intent, targetLabel: target.label },
    }),
  );
  const completed = createEvent(origin, {
    type: 'intent_completed',
    actorId,
    causationId: planned.eventId,
    payload: { intent: target.intent, target: target.target, label: target.label, finalPosition: target.target, outcome: target.outcome },
  });
  const presence = decideHeartbeat(origin, state.presence, {
    actorId,
    status: 'busy',
    ttlMs: options.presenceTtlMs,
    reason: 'intent_activity',
    source: 'agent',
    causationId: completed.eventId,
  });
  return { from, path, events: [planned, ...moves, completed, ...presence.events], completed, nextPresence: presence.next! };
}
