import { randomUUID } from 'node:crypto';
import { OVERRIDE_ACTIONS, type NewEvent, type OverrideAction } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import { buildAgentLeftPayload } from '../events/presence-payloads';
import { decideMarkInactive } from '../presence/decide-presence';
import type { PresenceState } from '../presence/presence-state';
import type { AuditEntryInput } from './audit-entry';
import { listMutedActorIds, type MutedActor, type OverrideState } from './override-state';

export { OVERRIDE_ACTIONS, type OverrideAction };

/** Actions that name a target actor (docs/api.md#operator-overrides-and-audit). */
export const TARGETED_ACTIONS: readonly OverrideAction[] = ['mute_agent', 'unmute_agent', 'force_leave'];

export interface OverrideCommand {
  operatorId: string;
  action: OverrideAction;
  targetActorId: string | null;
  reason: string | null;
  metadata: Record<string, unknown>;
}

export interface OverrideDecision {
  next: OverrideState;
  /** In append order: `operator_override_applied`, then for force leave `agent_left` and maybe `status_changed`. */
  events: NewEvent[];
  appliedEvent: NewEvent;
  /** The target's presence after a force leave (null when it had no row); undefined otherwise. */
  nextPresence?: PresenceState | null;
  audit: AuditEntryInput;
}

function nextState(current: OverrideState, command: OverrideCommand, at: string): OverrideState {
  const base = { ...current, metadata: command.metadata, createdAt: current.createdAt ?? at, updatedAt: at };
  switch (command.action) {
    case 'pause_room':
      return { ...base, roomPaused: true, pausedBy: command.operatorId, pauseReason: command.reason, pausedAt: at, resumedAt: null };
    case 'resume_room':
      // pausedBy and pausedAt stay: they tell who paused the room last.
      return { ...base, roomPaused: false, resumedAt: at };
    case 'mute_agent': {
      const target = command.targetActorId!;
      const muted: MutedActor = { actorId: target, mutedBy: command.operatorId, mutedAt: at, reason: command.reason };
      const mutedActors = { ...current.mutedActors, [target]: muted };
      return { ...base, mutedActors, mutedActorIds: listMutedActorIds(mutedActors) };
    }
    case 'unmute_agent': {
      const mutedActors = Object.fromEntries(Object.entries(current.mutedActors).filter(([actorId]) => actorId !== command.targetActorId));
      return { ...base, mutedActors, mutedActorIds: listMutedActorIds(mutedActors) };
    }
    case 'force_leave':
      // Ephemeral: the agent may enter again at once (docs/policies.md#operator-overrides).
      return base;
  }
}

/**
 * Decides an operator action (docs/policies.md#operator-overrides, docs/api.md#operator-overrides-and-audit): the room's next override
 * state, the events (force leave: a forced `agent_left` caused by the override event, then the
 * presence change caused by it) and the audit entry. Pure apart from generating ids.
 */
export function decideOverride(
  origin: EventOrigin & { requestId: string },
  current: OverrideState,
  command: OverrideCommand,
  targetPresence: PresenceState | null,
): OverrideDecision {
  const at = origin.now.toISOString();
  const next = nextState(current, command, at);
  const appliedEvent = createEvent(origin, {
    type: 'operator_override_applied',
    actorId: command.operatorId,
    payload: {
      action: command.action,
      targetActorId: command.targetActorId,
      reason: command.reason,
      metadata: command.metadata,
      overrideState: { roomPaused: next.roomPaused, pausedBy: next.pausedBy, mutedActorIds: next.mutedActorIds },
    },
  });
  const events: NewEvent[] = [appliedEvent];
  let nextPresence: PresenceState | null | undefined;

  if (command.action === 'force_leave') {
    const target = command.targetActorId!;
    const left = createEvent(origin, {
      type: 'agent_left',
      actorId: target,
      causationId: appliedEvent.eventId,
      payload: buildAgentLeftPayload({ forced: true, operatorId: command.operatorId, reason: command.reason ?? undefined }, at),
    });
    const presence = decideMarkInactive(origin, targetPresence, {
      actorId: target,
      reason: 'operator_force_leave',
      source: 'operator',
      operatorId: command.operatorId,
      causationId: left.eventId,
    });
    events.push(left, ...presence.events);
    nextPresence = presence.next;
  }

  const audit: AuditEntryInput = {
    id: randomUUID(),
    tenantId: origin.tenantId,
    roomId: origin.roomId,
    operatorId: command.operatorId,
    action: command.action,
    targetActorId: command.targetActorId,
    reason: command.reason,
    metadata: command.metadata,
    correlationId: origin.correlationId,
    requestId: origin.requestId,
    outcome: 'applied',
    eventId: appliedEvent.eventId,
    createdAt: at,
  };
  return { next, events, appliedEvent, nextPresence, audit };
}
