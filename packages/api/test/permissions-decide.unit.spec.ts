import { describe, expect, it } from 'vitest';
import { CafeError } from '@cafe/shared';
import { decidePermission, findCapabilityForAction } from '../src/permissions/decide-permission';
import { DEFAULT_PERMISSION_FLAGS, defaultPermission, type PermissionFlags } from '../src/permissions/permission';
import { parsePermissionUpsert } from '../src/permissions/parse-permission';

const flags = (overrides: Partial<PermissionFlags>): PermissionFlags => ({ ...DEFAULT_PERMISSION_FLAGS, ...overrides });

describe('decidePermission', () => {
  it('applies the spec defaults when no row is stored: everything but canModerate', () => {
    for (const action of ['move', 'navigate_to', 'sit_at_table', 'say', 'conversation_message', 'order', 'enter', 'leave']) {
      expect(decidePermission(null, action).allowed).toBe(true);
    }
    for (const action of ['room_context_pin', 'pause_room', 'resume_room', 'mute_agent', 'unmute_agent', 'force_leave']) {
      expect(decidePermission(null, action)).toEqual({ allowed: false, capability: 'canModerate' });
    }
  });

  it.each([
    ['move', 'canMove'],
    ['navigate_to', 'canMove'],
    ['sit_at_table', 'canMove'],
    ['say', 'canSpeak'],
    ['conversation_message', 'canSpeak'],
    ['order', 'canOrder'],
    ['enter', 'canEnterLeave'],
    ['leave', 'canEnterLeave'],
  ] as const)('%s is guarded by %s alone', (action, capability) => {
    expect(decidePermission(flags({ [capability]: false }), action)).toEqual({ allowed: false, capability });
    const others = Object.fromEntries(Object.keys(DEFAULT_PERMISSION_FLAGS).map((key) => [key, key !== capability ? false : true])) as PermissionFlags;
    expect(decidePermission(others, action)).toEqual({ allowed: true, capability });
  });

  it('a stored canModerate grant allows operator actions', () => {
    expect(decidePermission(flags({ canModerate: true }), 'force_leave')).toEqual({ allowed: true, capability: 'canModerate' });
  });

  it('takes an explicit capability for actions outside the matrix (intents of any name)', () => {
    expect(findCapabilityForAction('fly')).toBeUndefined();
    expect(findCapabilityForAction('toString')).toBeUndefined();
    expect(decidePermission(flags({ canMove: false }), 'fly', 'canMove')).toEqual({ allowed: false, capability: 'canMove' });
    expect(() => decidePermission(null, 'fly')).toThrow(/no capability/);
  });
});

describe('parsePermissionUpsert', () => {
  it('keeps only the named flags, coerced with JavaScript truthiness', () => {
    const parsed = parsePermissionUpsert({ roomId: 'main', actorId: ' a ', canSpeak: 0, canModerate: 'false', extra: true }, 'default');
    expect(parsed).toEqual({ tenantId: 'default', roomId: 'main', actorId: 'a', flags: { canSpeak: false, canModerate: true } });
  });

  it('requires roomId, actorId and at least one flag', () => {
    const error = (body: Record<string, unknown>) => {
      try {
        parsePermissionUpsert(body, 'default');
      } catch (e) {
        return e as CafeError;
      }
      throw new Error('expected a CafeError');
    };
    expect(error({ actorId: 'a', canMove: true })).toMatchObject({ code: 'ERR_MISSING_FIELD', details: { field: 'roomId' } });
    expect(error({ roomId: 'main', canMove: true })).toMatchObject({ code: 'ERR_MISSING_FIELD', details: { field: 'actorId' } });
    expect(error({ roomId: 'main', actorId: 'a' })).toMatchObject({
      code: 'ERR_VALIDATION',
      message: 'At least one permission field is required',
      details: { fields: ['canMove', 'canSpeak', 'canOrder', 'canEnterLeave', 'canModerate'] },
    });
  });
});

describe('defaultPermission', () => {
  it('is the wire shape with source "default" and null times', () => {
    expect(defaultPermission({ tenantId: 't', roomId: 'r', actorId: 'a' })).toEqual({
      tenantId: 't',
      roomId: 'r',
      actorId: 'a',
      canMove: true,
      canSpeak: true,
      canOrder: true,
      canEnterLeave: true,
      canModerate: false,
      createdAt: null,
      updatedAt: null,
      source: 'default',
    });
  });
});
