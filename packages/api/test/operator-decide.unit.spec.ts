import { describe, expect, it } from 'vitest';
import type { CafeError } from '@cafe/shared';
import { assertOperatorRole, resolveCallerRole } from '../src/operator/caller-role';
import { checkOverride } from '../src/operator/check-override';
import { decideOverride, type OverrideCommand } from '../src/operator/decide-override';
import { defaultOverrideState, type OverrideState } from '../src/operator/override-state';
import { parseOverrideRequest } from '../src/operator/parse-override';
import type { PresenceState } from '../src/presence/presence-state';

const now = new Date('2026-02-14T10:30:00.000Z');
const origin = { tenantId: 't', roomId: 'r', correlationId: 'corr-1', now, requestId: 'req-1' };
const command = (overrides: Partial<OverrideCommand>): OverrideCommand => ({
  operatorId: 'op',
  action: 'pause_room',
  targetActorId: null,
  reason: null,
  metadata: {},
  ...overrides,
});

function caught(fn: () => unknown): CafeError {
  try {
    fn();
  } catch (error) {
    return error as CafeError;
  }
  throw new Error('expected a throw');
}

describe('checkOverride', () => {
  const paused: OverrideState = { ...defaultOverrideState('t', 'r'), roomPaused: true, pausedBy: 'op', pausedAt: now.toISOString() };
  const muted: OverrideState = {
    ...defaultOverrideState('t', 'r'),
    mutedActors: { bob: { actorId: 'bob', mutedBy: 'op', mutedAt: now.toISOString(), reason: 'spam' } },
    mutedActorIds: ['bob'],
  };

  it('allows everything without state', () => {
    expect(checkOverride(null, 'say', 'bob')).toEqual({ allowed: true });
    expect(checkOverride(defaultOverrideState('t', 'r'), 'say', 'bob')).toEqual({ allowed: true });
  });

  it('a paused room blocks every checked action except leave', () => {
    for (const action of ['enter', 'move', 'say', 'order', 'conversation_message', 'navigate_to', 'sit_at_table', 'room_upsert', 'task_create']) {
      expect(checkOverride(paused, action, 'anyone')).toEqual({ allowed: false, reasonCode: 'ROOM_PAUSED', details: { pausedBy: 'op', pausedAt: now.toISOString() } });
    }
    expect(checkOverride(paused, 'leave', 'anyone')).toEqual({ allowed: true });
  });

  it('a muted actor cannot speak but can do everything else; others are unaffected', () => {
    for (const action of ['say', 'conversation_message']) {
      expect(checkOverride(muted, action, 'bob')).toEqual({ allowed: false, reasonCode: 'ACTOR_MUTED', details: { mutedBy: 'op', mutedAt: now.toISOString(), reason: 'spam' } });
    }
    for (const action of ['move', 'order', 'enter', 'leave', 'navigate_to', 'task_update']) expect(checkOverride(muted, action, 'bob')).toEqual({ allowed: true });
    expect(checkOverride(muted, 'say', 'alice')).toEqual({ allowed: true });
    expect(checkOverride(muted, 'say', 'constructor')).toEqual({ allowed: true });
  });
});

describe('decideOverride', () => {
  it('pause_room sets the pause fields, clears resumedAt and replaces metadata', () => {
    const current = { ...defaultOverrideState('t', 'r'), resumedAt: '2026-01-01T00:00:00.000Z', metadata: { old: true } };
    const decision = decideOverride(origin, current, command({ reason: 'incident', metadata: { ticket: 7 } }), null);
    expect(decision.next).toMatchObject({ roomPaused: true, pausedBy: 'op', pauseReason: 'incident', pausedAt: now.toISOString(), resumedAt: null, metadata: { ticket: 7 } });
    expect(decision.events.map((e) => e.type)).toEqual(['operator_override_applied']);
    expect(decision.appliedEvent).toMatchObject({
      actorId: 'op',
      correlationId: 'corr-1',
      causationId: null,
      payload: { action: 'pause_room', targetActorId: null, reason: 'incident', metadata: { ticket: 7 }, overrideState: { roomPaused: true, pausedBy: 'op', mutedActorIds: [] } },
    });
    expect(decision.audit).toMatchObject({
      tenantId: 't',
      roomId: 'r',
      operatorId: 'op',
      action: 'pause_room',
      outcome: 'applied',
      eventId: decision.appliedEvent.eventId,
      correlationId: 'corr-1',
      requestId: 'req-1',
      createdAt: now.toISOString(),
    });
  });

  it('resume_room keeps pausedBy and pausedAt', () => {
    const current = { ...defaultOverrideState('t', 'r'), roomPaused: true, pausedBy: 'op', pausedAt: '2026-01-01T00:00:00.000Z' };
    const decision = decideOverride(origin, current, command({ action: 'resume_room', operatorId: 'op2' }), null);
    expect(decision.next).toMatchObject({ roomPaused: false, pausedBy: 'op', pausedAt: '2026-01-01T00:00:00.000Z', resumedAt: now.toISOString() });
  });

  it('mute_agent and unmute_agent edit mutedActors and mutedActorIds (sorted)', () => {
    const first = decideOverride(origin, defaultOverrideState('t', 'r'), command({ action: 'mute_agent', targetActorId: 'zed', reason: 'spam' }), null);
    const second = decideOverride(origin, first.next, command({ action: 'mute_agent', targetActorId: 'amy' }), null);
    expect(second.next.mutedActors.zed).toEqual({ actorId: 'zed', mutedBy: 'op', mutedAt: now.toISOString(), reason: 'spam' });
    expect(second.next.mutedActorIds).toEqual(['amy', 'zed']);
    expect(second.appliedEvent.payload).toMatchObject({ targetActorId: 'amy', overrideState: { mutedActorIds: ['amy', 'zed'] } });
    const third = decideOverride(origin, second.next, command({ action: 'unmute_agent', targetActorId: 'zed' }), null);
    expect(third.next.mutedActorIds).toEqual(['amy']);
    expect(Object.keys(third.next.mutedActors)).toEqual(['amy']);
  });

  it('force_leave: override event → forced agent_left (caused by it) → status_changed (caused by agent_left); presence inactive', () => {
    const presence: PresenceState = {
      tenantId: 't',
      roomId: 'r',
      actorId: 'bob',
      status: 'busy',
      lastHeartbeatAt: '2026-02-14T10:29:00.000Z',
      ttlMs: 60000,
      expiresAt: '2026-02-14T10:30:30.000Z',
      isActive: true,
      createdAt: '2026-02-14T10:00:00.000Z',
      updatedAt: '2026-02-14T10:29:00.000Z',
    };
    const decision = decideOverride(origin, defaultOverrideState('t', 'r'), command({ action: 'force_leave', targetActorId: 'bob', reason: 'runaway' }), presence);
    const [applied, left, status] = decision.events;
    expect(decision.events.map((e) => e.type)).toEqual(['operator_override_applied', 'agent_left', 'status_changed']);
    expect(left).toMatchObject({
      actorId: 'bob',
      causationId: applied!.eventId,
      payload: { forced: true, source: 'operator', reason: 'runaway', operatorId: 'op', leftAt: now.toISOString() },
    });
    expect(status).toMatchObject({
      actorId: 'bob',
      causationId: left!.eventId,
      payload: { fromStatus: 'busy', toStatus: 'inactive', from: 'busy', to: 'inactive', reason: 'operator_force_leave', operatorId: 'op' },
    });
    expect(decision.nextPresence).toMatchObject({ status: 'inactive', isActive: false });
    expect(decision.next.roomPaused).toBe(false);
  });

  it('force_leave of an actor without presence still emits the forced agent_left with the default reason', () => {
    const decision = decideOverride(origin, defaultOverrideState('t', 'r'), command({ action: 'force_leave', targetActorId: 'ghost' }), null);
    expect(decision.events.map((e) => e.type)).toEqual(['operator_override_applied', 'agent_left']);
    expect(decision.events[1]!.payload).toMatchObject({ forced: true, reason: 'operator_force_leave', source: 'operator' });
    expect(decision.nextPresence).toBeNull();
  });
});

describe('parseOverrideRequest', () => {
  it('requires roomId and operatorId, an exact action, and a target for targeted actions', () => {
    expect(caught(() => parseOverrideRequest({ operatorId: 'op', action: 'pause_room' }, 'default'))).toMatchObject({ code: 'ERR_MISSING_FIELD', details: { field: 'roomId' } });
    expect(caught(() => parseOverrideRequest({ roomId: 'r', action: 'pause_room' }, 'default'))).toMatchObject({ code: 'ERR_MISSING_FIELD', details: { field: 'operatorId' } });
    expect(caught(() => parseOverrideRequest({ roomId: 'r', operatorId: 'op', action: 'PAUSE_ROOM' }, 'default'))).toMatchObject({
      code: 'ERR_INVALID_ENUM',
      details: { field: 'action', allowed: ['pause_room', 'resume_room', 'mute_agent', 'unmute_agent', 'force_leave'] },
    });
    expect(caught(() => parseOverrideRequest({ roomId: 'r', operatorId: 'op' }, 'default'))).toMatchObject({ code: 'ERR_INVALID_ENUM' });
    for (const action of ['mute_agent', 'unmute_agent', 'force_leave']) {
      expect(caught(() => parseOverrideRequest({ roomId: 'r', operatorId: 'op', action, targetActorId: '  ' }, 'default'))).toMatchObject({
        code: 'ERR_MISSING_FIELD',
        details: { field: 'targetActorId' },
      });
    }
    expect(caught(() => parseOverrideRequest({ roomId: 'r', operatorId: 'op', action: 'pause_room', metadata: [1] }, 'default'))).toMatchObject({
      code: 'ERR_VALIDATION',
      details: { field: 'metadata' },
    });
  });

  it('defaults reason, target and metadata', () => {
    expect(parseOverrideRequest({ roomId: 'r', operatorId: ' op ', action: 'resume_room' }, 'default')).toEqual({
      tenantId: 'default',
      roomId: 'r',
      operatorId: 'op',
      action: 'resume_room',
      targetActorId: null,
      reason: null,
      metadata: {},
    });
  });
});

describe('caller role', () => {
  it('only the exact operator token earns the operator role', () => {
    expect(resolveCallerRole('op-secret', 'op-secret')).toBe('operator');
    expect(resolveCallerRole('agent-secret', 'op-secret')).toBe('agent');
    expect(resolveCallerRole(undefined, 'op-secret')).toBe('agent');
    expect(resolveCallerRole('anything', undefined)).toBe('agent');
  });

  it('operator actions need the role only when OPERATOR_AUTH_TOKEN is configured', () => {
    expect(() => assertOperatorRole('agent', undefined, 'operator_override')).not.toThrow();
    expect(() => assertOperatorRole('operator', 'op-secret', 'operator_override')).not.toThrow();
    expect(caught(() => assertOperatorRole('agent', 'op-secret', 'operator_override'))).toMatchObject({ code: 'ERR_FORBIDDEN', status: 403 });
  });
});
