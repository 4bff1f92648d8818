import { describe, expect, it } from 'vitest';
import { scoreCollaboration } from '../src/collaboration/score-collaboration';
import { decideObjectCreate, decideObjectPatch } from '../src/objects/decide-object';
import { parseObjectFields, parseObjectPatch } from '../src/objects/validate-object';
import { decidePin } from '../src/room-context/decide-pin';
import { errorOf } from './helpers/error-of';

const now = new Date('2026-03-01T09:00:00.000Z');
const origin = { tenantId: 'default', roomId: 'main', correlationId: 'corr-1', now };

describe('shared object fields (docs/api.md#shared-objects table)', () => {
  it('lower-cases the type, turns empty strings into null, rounds the quantity', () => {
    expect(parseObjectFields({ objectType: 'TOKEN', title: '', content: 'x', quantity: 2.4 })).toEqual({ objectType: 'token', title: null, content: 'x', quantity: 2 });
  });

  it.each([
    [{ objectType: 'poster' }, 'ERR_INVALID_ENUM'],
    [{ quantity: -1 }, 'ERR_OUT_OF_BOUNDS'],
    [{ quantity: 'many' }, 'ERR_VALIDATION'],
    [{ data: 'x' }, 'ERR_VALIDATION'],
    [{ metadata: [] }, 'ERR_VALIDATION'],
    [{ title: 3 }, 'ERR_VALIDATION'],
  ])('%j → %s', (body, code) => {
    expect(errorOf(() => parseObjectFields(body)).code).toBe(code);
  });

  it('a patch needs at least one field', () => {
    expect(errorOf(() => parseObjectPatch({})).details).toEqual({ fields: ['objectType', 'objectKey', 'title', 'content', 'data', 'quantity', 'metadata'] });
  });
});

describe('shared objects (docs/api.md#shared-objects, docs/api.md#shared-objects)', () => {
  it('create: a note at version 1 by default; a token counts from 0', () => {
    const { object, events } = decideObjectCreate(origin, 'ada', {});
    expect(object).toMatchObject({ objectType: 'note', version: 1, quantity: null, createdBy: 'ada', updatedBy: 'ada', data: {}, metadata: {} });
    expect(events.map((e) => e.type)).toEqual(['shared_object_created']);
    const { tenantId: _t, roomId: _r, ...fields } = object;
    expect(events[0]!.payload).toEqual(fields);
    expect(decideObjectCreate(origin, 'ada', { objectType: 'token' }).object.quantity).toBe(0);
  });

  it('patch: version + 1, updatedBy, changedFields', () => {
    const { object: created } = decideObjectCreate(origin, 'ada', { objectType: 'whiteboard', title: 'Plan' });
    const { object, events } = decideObjectPatch(origin, created, 'bob', { content: 'step 1', objectType: 'note' });
    expect(object).toMatchObject({ version: 2, updatedBy: 'bob', createdBy: 'ada', content: 'step 1', objectType: 'note', title: 'Plan' });
    expect(events[0]!.payload).toMatchObject({ objectId: created.objectId, version: 2, changedFields: ['objectType', 'content'] });
  });
});

describe('pinned context (docs/api.md#pinned-room-context)', () => {
  it('the next version, active, and room_context_pinned', () => {
    const { pin, events } = decidePin(origin, 3, { actorId: 'ada', content: 'Ship Friday', metadata: { k: 1 } });
    expect(pin).toMatchObject({ version: 4, isActive: true, pinnedBy: 'ada', content: 'Ship Friday' });
    expect(events[0]).toMatchObject({ type: 'room_context_pinned', actorId: 'ada', payload: { version: 4, content: 'Ship Friday', metadata: { k: 1 }, pinnedBy: 'ada' } });
  });
});

describe('collaboration score (docs/policies.md#collaboration-score)', () => {
  const event = (type: string, actorId = 'ada') => ({ type, actorId });

  it('no events: 0, early', () => {
    expect(scoreCollaboration([])).toEqual({ score: 0, grade: 'early', metrics: { tasksCompleted: 0, coordinationActions: 0, objectEdits: 0, conversationTurns: 0, contributors: 0 } });
  });

  it('weights each metric; handoffs count only as contributors', () => {
    const result = scoreCollaboration([
      event('task_completed'),
      event('task_assigned', 'bob'),
      event('shared_object_created'),
      event('shared_object_updated', 'cy'),
      event('conversation_message_posted'),
      event('task_handoff', 'dee'),
      event('agent_entered', 'eve'),
    ]);
    // 30 + 10 + 3·2 + 0.5 + 4·(4 − 1)
    expect(result).toEqual({ score: 58.5, grade: 'fair', metrics: { tasksCompleted: 1, coordinationActions: 1, objectEdits: 2, conversationTurns: 1, contributors: 4 } });
  });

  it('caps conversation at 40 turns and the score at 100', () => {
    const talk = Array.from({ length: 100 }, () => event('conversation_message_posted'));
    expect(scoreCollaboration(talk).score).toBe(20);
    expect(scoreCollaboration([...talk, event('task_completed'), event('task_completed'), event('task_completed')])).toMatchObject({ score: 100, grade: 'excellent' });
  });

  it('grades at 35 and 60', () => {
    const turns = (n: number) => Array.from({ length: n }, () => event('conversation_message_posted'));
    // 30 + 3 + 0.5·4 = 35; one turn fewer is 34.5
    expect(scoreCollaboration([event('task_completed'), event('shared_object_created'), ...turns(4)])).toMatchObject({ score: 35, grade: 'fair' });
    expect(scoreCollaboration([event('task_completed'), event('shared_object_created'), ...turns(3)]).grade).toBe('early');
    expect(scoreCollaboration([event('task_completed'), event('task_completed')]).grade).toBe('good');
  });
});
