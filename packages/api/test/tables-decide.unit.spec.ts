import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANS, parseApiEnv } from '@cafe/shared';
import { assertMayReconfigure } from '../src/rooms/decide-room';
import { decideGate, gateNeedsSeats, type GateCheck, type GateState } from '../src/tables/decide-gate';
import { assertSessionRoom, decideSessionCreate, decideSessionExpiry, decideSessionPatch } from '../src/tables/decide-table-session';
import { parseTableSessionCreate, parseTableSessionPatch } from '../src/tables/parse-table-session';
import { usePlanBook } from '../src/tables/plans';
import type { TableSession } from '../src/tables/table-session';
import { errorOf } from './helpers/error-of';

const now = new Date('2026-02-14T10:30:00.000Z');
const book = usePlanBook(parseApiEnv({}));
const planOf = book.planOf;

function session(overrides: Partial<TableSession> = {}): TableSession {
  return {
    sessionId: 's-1',
    tenantId: 't',
    roomId: 'vip',
    ownerActorId: 'alice',
    planId: 'espresso',
    invitedActorIds: ['bob'],
    status: 'active',
    startedAt: '2026-02-14T10:00:00.000Z',
    expiresAt: '2026-02-14T11:00:00.000Z',
    endedAt: null,
    paymentRef: null,
    paymentAmountUsd: 3,
    paymentProvider: 'stub',
    metadata: {},
    createdAt: '2026-02-14T10:00:00.000Z',
    updatedAt: '2026-02-14T10:00:00.000Z',
    ...overrides,
  };
}

const check = (overrides: Partial<GateCheck> = {}): GateCheck => ({ tenantId: 't', roomId: 'vip', actorId: 'alice', action: 'say', rule: { kind: 'session' }, ...overrides });
const privateRoom = (sessions: TableSession[], seats?: GateState['seats']): GateState => ({ roomType: 'private_table', sessions, ...(seats ? { seats } : {}) });
const refusal = (verdict: ReturnType<typeof decideGate>) => {
  if (verdict.allowed) throw new Error('expected a refusal');
  return verdict.error;
};

describe('decideGate (docs/private-tables.md#the-gate)', () => {
  it('lets everything through in a lobby or a room without a record', () => {
    expect(decideGate(check({ actorId: undefined }), { roomType: null, sessions: [] }, { now, planOf }).allowed).toBe(true);
    expect(decideGate(check(), { roomType: 'lobby', sessions: [] }, { now, planOf }).allowed).toBe(true);
  });

  it('needs an actor id in a private table', () => {
    const error = refusal(decideGate(check({ actorId: '  ' }), privateRoom([session()]), { now, planOf }));
    expect(error).toMatchObject({ code: 'ERR_MISSING_FIELD', status: 400, details: { field: 'actorId', roomId: 'vip', action: 'say' } });
  });

  it('answers 402 when no session was ever opened, 403 when the open one has expired', () => {
    const none = refusal(decideGate(check(), privateRoom([]), { now, planOf }));
    expect(none).toMatchObject({ code: 'ERR_PAYMENT_REQUIRED', status: 402, message: 'No active private table session for this room' });
    expect(none.details).toEqual({ tenantId: 't', roomId: 'vip', actorId: 'alice', action: 'say' });
    const expired = refusal(decideGate(check(), privateRoom([session({ expiresAt: now.toISOString() })]), { now, planOf }));
    expect(expired).toMatchObject({ code: 'ERR_FORBIDDEN', status: 403, message: 'Private table session has expired' });
    expect(expired.details).toMatchObject({ sessionId: 's-1', expiredAt: now.toISOString() });
  });

  it('refuses an actor who is neither owner nor invited', () => {
    const error = refusal(decideGate(check({ actorId: 'carol' }), privateRoom([session()]), { now, planOf }));
    expect(error).toMatchObject({ code: 'ERR_FORBIDDEN', message: 'Actor is not allowed in this private table session', details: { sessionId: 's-1', actorId: 'carol' } });
  });

  it('judges by the open session the actor belongs to, not the newest one', () => {
    const other = session({ sessionId: 's-2', ownerActorId: 'zed', invitedActorIds: [] });
    const verdict = decideGate(check({ actorId: 'bob' }), privateRoom([other, session()]), { now, planOf });
    expect(verdict).toMatchObject({ allowed: true, session: { sessionId: 's-1' } });
  });

  it('refuses a feature the plan lacks with ERR_PLAN_FEATURE_DISABLED', () => {
    const error = refusal(decideGate(check({ action: 'replay', rule: { kind: 'session', requiredFeature: 'replay' } }), privateRoom([session()]), { now, planOf }));
    expect(error).toMatchObject({ code: 'ERR_PLAN_FEATURE_DISABLED', status: 403, message: "Plan 'espresso' does not include 'replay'" });
    expect(error.details).toMatchObject({ planId: 'espresso', requiredFeature: 'replay', enabledFeatures: ['basic_thread_chat'] });
    const americano = decideGate(check({ rule: { kind: 'session', requiredFeature: 'replay' } }), privateRoom([session({ planId: 'americano' })]), { now, planOf });
    expect(americano.allowed).toBe(true);
  });

  it('reads an unknown stored plan as the default plan', () => {
    const verdict = decideGate(check({ rule: { kind: 'session', requiredFeature: 'task_board' } }), privateRoom([session({ planId: 'gone' })]), { now, planOf });
    expect(verdict).toMatchObject({ allowed: true, plan: { planId: 'cappuccino' } });
  });

  it('caps seats on enter: a new actor is refused at maxAgents, a seated one is not', () => {
    const enter = check({ action: 'enter', rule: { kind: 'session', seatCap: true } });
    expect(gateNeedsSeats(enter, 'private_table')).toBe(true);
    expect(gateNeedsSeats(enter, 'lobby')).toBe(false);
    expect(gateNeedsSeats(check(), 'private_table')).toBe(false);
    const full = refusal(decideGate(enter, privateRoom([session()], { activeAgents: 2, actorSeated: false }), { now, planOf }));
    expect(full).toMatchObject({ code: 'ERR_OUT_OF_BOUNDS', status: 400, message: 'Private table seat capacity reached' });
    expect(full.details).toMatchObject({ sessionId: 's-1', planId: 'espresso', maxAgents: 2, activeAgents: 2 });
    expect(decideGate(enter, privateRoom([session()], { activeAgents: 2, actorSeated: true }), { now, planOf }).allowed).toBe(true);
    expect(decideGate(enter, privateRoom([session()], { activeAgents: 1, actorSeated: false }), { now, planOf }).allowed).toBe(true);
  });

  it('open-session (creating a session): refused only while someone else holds an open one', () => {
    const rule = { kind: 'open-session' } as const;
    expect(decideGate(check({ actorId: 'carol', rule }), privateRoom([]), { now, planOf }).allowed).toBe(true);
    expect(decideGate(check({ actorId: 'carol', rule }), privateRoom([session({ expiresAt: now.toISOString() })]), { now, planOf }).allowed).toBe(true);
    expect(decideGate(check({ actorId: 'bob', rule }), privateRoom([session()]), { now, planOf }).allowed).toBe(true);
    expect(refusal(decideGate(check({ actorId: 'carol', rule }), privateRoom([session()]), { now, planOf })).code).toBe('ERR_FORBIDDEN');
  });

  it('this-session (patching): members only, whatever the room type, plan or expiry', () => {
    const rule = { kind: 'this-session', sessionId: 's-1' } as const;
    const ended = session({ status: 'ended', expiresAt: '2026-01-01T00:00:00.000Z' });
    expect(decideGate(check({ actorId: 'bob', rule }), { roomType: null, sessions: [ended] }, { now, planOf }).allowed).toBe(true);
    const error = refusal(decideGate(check({ actorId: 'carol', rule }), { roomType: 'lobby', sessions: [ended] }, { now, planOf }));
    expect(error).toMatchObject({ code: 'ERR_FORBIDDEN', details: { sessionId: 's-1' } });
  });
});

describe('table session decisions (docs/private-tables.md#the-pieces)', () => {
  const origin = { tenantId: 't', roomId: 'vip', correlationId: 'c-1', now };
  const payment = { verified: true as const, provider: 'stub', ref: 'coffee_paid', amountUsd: 3 };

  it('parses a create: plan normalised, defaults, amount below price is 402', () => {
    const input = parseTableSessionCreate({ actorId: 'alice', planId: ' Espresso ', invitedActorIds: [' bob ', 'bob', ''] }, { tenantId: 't', book });
    expect(input).toMatchObject({ tenantId: 't', ownerActorId: 'alice', plan: { planId: 'espresso' }, roomIdGiven: false, invitedActorIds: ['bob'], paymentAmountUsd: 3 });
    expect(input.roomId).toMatch(/^private-[0-9a-f]{8}$/);
    expect(errorOf(() => parseTableSessionCreate({ actorId: 'a', planId: ' ' }, { tenantId: 't', book })).code).toBe('ERR_MISSING_FIELD');
    expect(errorOf(() => parseTableSessionCreate({ actorId: 'a', planId: 'latte' }, { tenantId: 't', book })).details).toMatchObject({
      field: 'planId',
      allowed: DEFAULT_PLANS.map((plan) => plan.planId),
    });
    const cheap = errorOf(() => parseTableSessionCreate({ actorId: 'a', planId: 'americano', paymentAmountUsd: 9.99 }, { tenantId: 't', book }));
    expect(cheap).toMatchObject({ code: 'ERR_PAYMENT_REQUIRED', status: 402, details: { field: 'paymentAmountUsd', value: 9.99, min: 10, planId: 'americano' } });
    expect(errorOf(() => parseTableSessionCreate({ actorId: 'a', planId: 'espresso', paymentAmountUsd: -1 }, { tenantId: 't', book })).code).toBe('ERR_OUT_OF_BOUNDS');
    expect(errorOf(() => parseTableSessionCreate({ actorId: 'a', planId: 'espresso', invitedActorIds: 'bob' }, { tenantId: 't', book })).code).toBe('ERR_VALIDATION');
    expect(errorOf(() => parseTableSessionCreate({ actorId: 'a', planId: 'espresso', expiresAt: 'soon' }, { tenantId: 't', book })).code).toBe('ERR_VALIDATION');
  });

  it('creates an active session that ends after the plan duration, and a private-table room', () => {
    const input = parseTableSessionCreate({ actorId: 'alice', planId: 'espresso', roomId: 'vip', invitedActorIds: ['bob'] }, { tenantId: 't', book });
    const decision = decideSessionCreate(origin, input, null, payment);
    expect(decision.room).toMatchObject({ roomType: 'private_table', ownerActorId: 'alice', displayName: null, metadata: {} });
    expect(decision.session).toMatchObject({ status: 'active', startedAt: now.toISOString(), expiresAt: '2026-02-14T11:00:00.000Z', paymentProvider: 'stub', paymentRef: 'coffee_paid' });
    expect(decision.events.map((event) => [event.type, event.actorId])).toEqual([['table_session_created', 'alice']]);
    expect(Object.keys(decision.events[0]!.payload).sort()).toEqual(
      ['sessionId', 'roomId', 'ownerActorId', 'planId', 'invitedActorIds', 'status', 'startedAt', 'expiresAt', 'paymentProvider', 'paymentRef', 'paymentAmountUsd', 'metadata'].sort(),
    );
  });

  it('refuses a session in a lobby', () => {
    const lobby = { tenantId: 't', roomId: 'vip', roomType: 'lobby' as const, displayName: null, ownerActorId: null, metadata: {}, createdAt: '', updatedAt: '' };
    expect(errorOf(() => assertSessionRoom({ tenantId: 't', roomId: 'vip' }, lobby))).toMatchObject({ code: 'ERR_VALIDATION', details: { roomType: 'lobby' } });
    expect(() => assertSessionRoom({ tenantId: 't', roomId: 'vip' }, null)).not.toThrow();
  });

  it('patches: invite, extend, end (with table_session_ended caused by the update), re-open', () => {
    expect(errorOf(() => parseTableSessionPatch({ actorId: 'alice' })).message).toBe('At least one patch field is required');
    expect(errorOf(() => parseTableSessionPatch({ status: 'paused' })).code).toBe('ERR_INVALID_ENUM');
    const invite = decideSessionPatch(origin, 'alice', session(), parseTableSessionPatch({ invitedActorIds: ['bob', 'carol'], expiresAt: '2026-02-14T12:00:00Z' }));
    expect(invite.session).toMatchObject({ invitedActorIds: ['bob', 'carol'], expiresAt: '2026-02-14T12:00:00.000Z', status: 'active' });
    expect(invite.events.map((event) => event.type)).toEqual(['table_session_updated']);
    expect(invite.events[0]!.payload.changedFields).toEqual(['invitedActorIds', 'expiresAt']);

    const end = decideSessionPatch(origin, 'bob', session(), parseTableSessionPatch({ status: 'ended' }));
    expect(end.session).toMatchObject({ status: 'ended', endedAt: now.toISOString() });
    const [update, ended] = end.events;
    expect(ended).toMatchObject({ type: 'table_session_ended', actorId: 'bob', causationId: update!.eventId, payload: { sessionId: 's-1', endedAt: now.toISOString(), ownerActorId: 'alice' } });

    const reopen = decideSessionPatch(origin, 'alice', end.session, parseTableSessionPatch({ status: 'active' }));
    expect(reopen.session).toMatchObject({ status: 'active', endedAt: null });
    expect(reopen.events).toHaveLength(1);
  });

  it('expires: ended now by the owner, reason expired', () => {
    const { session: next, events } = decideSessionExpiry(session(), now, 'c-9');
    expect(next).toMatchObject({ status: 'ended', endedAt: now.toISOString() });
    expect(events.map((event) => [event.type, event.actorId, event.correlationId])).toEqual([
      ['table_session_updated', 'alice', 'c-9'],
      ['table_session_ended', 'alice', 'c-9'],
    ]);
    expect(events[0]!.payload.changedFields).toEqual(['status', 'endedAt']);
    expect(events[1]!.payload).toEqual({ sessionId: 's-1', endedAt: now.toISOString(), ownerActorId: 'alice', reason: 'expired' });
    expect(events[1]!.causationId).toBe(events[0]!.eventId);
  });
});

describe('room takeover (a private table stays its owner\'s)', () => {
  const table = { tenantId: 't', roomId: 'vip', roomType: 'private_table' as const, displayName: null, ownerActorId: 'alice', metadata: {}, createdAt: '', updatedAt: '' };
  const upsert = (actorId: string, roomType: 'lobby' | 'private_table', ownerActorId: string) => ({ tenantId: 't', roomId: 'vip', actorId, roomType, ownerActorId });

  it('lets the owner do anything and a member rename it, but not turn it into a lobby or take it over', () => {
    expect(() => assertMayReconfigure(upsert('alice', 'lobby', 'alice'), table)).not.toThrow();
    expect(() => assertMayReconfigure(upsert('bob', 'private_table', 'alice'), table)).not.toThrow();
    expect(errorOf(() => assertMayReconfigure(upsert('bob', 'lobby', 'alice'), table))).toMatchObject({ code: 'ERR_FORBIDDEN', status: 403 });
    expect(errorOf(() => assertMayReconfigure(upsert('bob', 'private_table', 'bob'), table)).code).toBe('ERR_FORBIDDEN');
    expect(() => assertMayReconfigure(upsert('bob', 'lobby', 'bob'), { ...table, roomType: 'lobby' })).not.toThrow();
  });
});
