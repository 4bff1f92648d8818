import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { readCollaborationScore } from '../src/collaboration/read-collaboration-score';
import { readSharedObjects, requireSharedObject } from '../src/objects/read-objects';
import type { SharedObject } from '../src/objects/shared-object';
import { readQueryValues } from '../src/request/query';
import { readPinHistory, readPinnedContext } from '../src/room-context/read-pins';
import type { ApiRuntime } from '../src/runtime';
import { applyOverride, createObject, createTask, executeCommand, handoffTask, patchObject, pinContext, upsertPermission } from './helpers/commands-for-tests';
import { bodyOf, createRuntimeForTests, failureOf, mutationRequest, waitUntilSettled } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db, { MOD_MIN_ACTION_INTERVAL_MS: '0' });
});
afterAll(async () => {
  await db?.drop();
});

const query = (values: Record<string, string>) => readQueryValues(values);
const defaults = { tenantId: 'default', roomId: 'main' };
type ObjectData = { object: SharedObject; emittedEvents: { eventType: string }[]; correlationId: string };

describe('shared objects', () => {
  it('create (201, version 1), patch (200, version + 1), get and list with filters', async () => {
    const created = await createObject(runtime, mutationRequest({ roomId: 'studio', actorId: 'ada', objectType: 'Whiteboard', objectKey: 'plan', title: 'Plan', data: { lanes: 3 } }));
    expect(created.status).toBe(201);
    const first = bodyOf<ObjectData>(created).data;
    expect(first.object).toMatchObject({ roomId: 'studio', objectType: 'whiteboard', objectKey: 'plan', version: 1, createdBy: 'ada', updatedBy: 'ada', data: { lanes: 3 }, quantity: null });
    expect(first.emittedEvents.map((e) => e.eventType)).toEqual(['shared_object_created']);

    const patched = await patchObject(runtime, { ...mutationRequest({ actorId: 'bob', content: 'lane 1: parser' }), objectId: first.object.objectId });
    expect(patched.status).toBe(200);
    const second = bodyOf<ObjectData>(patched).data;
    expect(second.object).toMatchObject({ version: 2, updatedBy: 'bob', createdBy: 'ada', content: 'lane 1: parser', createdAt: first.object.createdAt });
    const [event] = await db.sql<{ payload: Record<string, unknown> }[]>`select payload from events where type = 'shared_object_updated' and payload->>'objectId' = ${first.object.objectId}`;
    expect(event!.payload).toMatchObject({ version: 2, changedFields: ['content'], updatedBy: 'bob' });

    const token = bodyOf<ObjectData>(await createObject(runtime, mutationRequest({ roomId: 'studio', actorId: 'cy', objectType: 'token' }))).data.object;
    expect(token.quantity).toBe(0);
    expect(await requireSharedObject(db.sql, 'default', token.objectId)).toEqual(token);
    const ids = async (values: Record<string, string>) => (await readSharedObjects(db.sql, query({ roomId: 'studio', ...values }), 'default')).objects.map((o) => o.objectId);
    expect(await ids({})).toEqual([token.objectId, first.object.objectId]);
    expect(await ids({ objectType: 'token' })).toEqual([token.objectId]);
    expect(await ids({ objectKey: 'plan' })).toEqual([first.object.objectId]);
    expect(await ids({ createdBy: 'ada' })).toEqual([first.object.objectId]);
    expect(await ids({ updatedBy: 'bob' })).toEqual([first.object.objectId]);
    expect(await ids({ limit: '1' })).toEqual([token.objectId]);
    expect((await failureOf(readSharedObjects(db.sql, query({ objectType: 'poster' }), 'default'))).code).toBe('ERR_INVALID_ENUM');
  });

  it('errors: ids before the key, 404 before the key, fields after it', async () => {
    expect((await failureOf(createObject(runtime, mutationRequest({}, null)))).code).toBe('ERR_MISSING_FIELD');
    expect((await failureOf(createObject(runtime, mutationRequest({ actorId: 'ada' }, null)))).code).toBe('ERR_IDEMPOTENCY_KEY_REQUIRED');
    for (const [body, code] of [
      [{ objectType: 'poster' }, 'ERR_INVALID_ENUM'],
      [{ quantity: -3 }, 'ERR_OUT_OF_BOUNDS'],
      [{ data: [1] }, 'ERR_VALIDATION'],
    ] as const) {
      expect((await failureOf(createObject(runtime, mutationRequest({ roomId: 'bad', actorId: 'ada', ...body })))).code).toBe(code);
    }
    expect((await readSharedObjects(db.sql, query({ roomId: 'bad' }), 'default')).count).toBe(0);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect(await failureOf(patchObject(runtime, { ...mutationRequest({ actorId: 'ada', title: 'x' }, null), objectId: id }))).toMatchObject({
        code: 'ERR_NOT_FOUND',
        message: 'Shared object not found',
      });
    }
    const object = bodyOf<ObjectData>(await createObject(runtime, mutationRequest({ actorId: 'ada' }))).data.object;
    expect((await failureOf(patchObject(runtime, { ...mutationRequest({ actorId: 'ada' }), objectId: object.objectId }))).code).toBe('ERR_VALIDATION');
  });

  it('concurrent patches never repeat a version', async () => {
    const object = bodyOf<ObjectData>(await createObject(runtime, mutationRequest({ roomId: 'race', actorId: 'ada' }))).data.object;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => patchObject(runtime, { ...mutationRequest({ actorId: `a${i}`, content: `v${i}` }), objectId: object.objectId })),
    );
    const versions = results.map((r) => bodyOf<ObjectData>(r).data.object.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 10 }, (_, i) => i + 2));
    expect((await requireSharedObject(db.sql, 'default', object.objectId)).version).toBe(11);
  });

  it('a paused room refuses create and patch (423)', async () => {
    const object = bodyOf<ObjectData>(await createObject(runtime, mutationRequest({ roomId: 'paused-objects', actorId: 'ada' }))).data.object;
    await upsertPermission(runtime, mutationRequest({ roomId: 'paused-objects', actorId: 'op', canModerate: true }));
    await applyOverride(runtime, mutationRequest({ roomId: 'paused-objects', operatorId: 'op', action: 'pause_room' }));
    expect((await failureOf(createObject(runtime, mutationRequest({ roomId: 'paused-objects', actorId: 'ada' })))).code).toBe('ERR_OPERATOR_OVERRIDE_BLOCKED');
    expect((await failureOf(patchObject(runtime, { ...mutationRequest({ actorId: 'ada', title: 'x' }), objectId: object.objectId }))).code).toBe('ERR_OPERATOR_OVERRIDE_BLOCKED');
  });
});

describe('pinned room context', () => {
  it('needs canModerate (403 with the permission body); versions count up; history newest first; works while paused', async () => {
    const denied = await failureOf(pinContext(runtime, mutationRequest({ roomId: 'pins', actorId: 'ada', content: 'Ship Friday' })));
    expect(denied).toMatchObject({ code: 'ERR_FORBIDDEN', status: 403, message: 'Permission denied for requested action' });
    expect(denied.details).toMatchObject({ tenantId: 'default', roomId: 'pins', actorId: 'ada', capability: 'canModerate', action: 'room_context_pin' });

    await upsertPermission(runtime, mutationRequest({ roomId: 'pins', actorId: 'ada', canModerate: true }));
    const first = await pinContext(runtime, mutationRequest({ roomId: 'pins', actorId: 'ada', content: '  Ship Friday  ', metadata: { by: 'standup' } }));
    expect(first.status).toBe(201);
    const data = bodyOf<{ pinnedContext: Record<string, unknown>; eventId: string; sequence: number; correlationId: string }>(first).data;
    expect(data.pinnedContext).toMatchObject({ roomId: 'pins', version: 1, content: 'Ship Friday', metadata: { by: 'standup' }, pinnedBy: 'ada', isActive: true });
    expect(typeof data.sequence).toBe('number');

    await applyOverride(runtime, mutationRequest({ roomId: 'pins', operatorId: 'ada', action: 'pause_room' }));
    const second = await pinContext(runtime, mutationRequest({ roomId: 'pins', actorId: 'ada', content: 'Ship Monday' }));
    expect(second.status).toBe(201);

    const current = await readPinnedContext(db.sql, query({ roomId: 'pins' }), defaults);
    expect(current).toMatchObject({ tenantId: 'default', roomId: 'pins', isPinned: true, pinnedContext: { version: 2, content: 'Ship Monday', isActive: true } });
    const history = await readPinHistory(db.sql, query({ roomId: 'pins' }), defaults);
    expect(history.history.map((p) => [p.version, p.isActive])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await readPinHistory(db.sql, query({ roomId: 'pins', limit: '1' }), defaults)).count).toBe(1);
    expect(await readPinnedContext(db.sql, query({ roomId: 'empty' }), defaults)).toEqual({ tenantId: 'default', roomId: 'empty', pinnedContext: null, isPinned: false });
  });

  it('every field is a pre-check; the key is per room, so two actors with one key conflict', async () => {
    expect((await failureOf(pinContext(runtime, mutationRequest({ actorId: 'ada' }, null)))).code).toBe('ERR_MISSING_FIELD');
    expect((await failureOf(pinContext(runtime, mutationRequest({ actorId: 'ada', content: 'x', metadata: 'no' }, null)))).code).toBe('ERR_VALIDATION');
    expect((await failureOf(pinContext(runtime, mutationRequest({ actorId: 'ada', content: 'x' }, null)))).code).toBe('ERR_IDEMPOTENCY_KEY_REQUIRED');
    await upsertPermission(runtime, mutationRequest({ roomId: 'shared-key', actorId: 'ada', canModerate: true }));
    await upsertPermission(runtime, mutationRequest({ roomId: 'shared-key', actorId: 'bob', canModerate: true }));
    await pinContext(runtime, mutationRequest({ roomId: 'shared-key', actorId: 'ada', content: 'x' }, 'same-key'));
    expect((await failureOf(pinContext(runtime, mutationRequest({ roomId: 'shared-key', actorId: 'bob', content: 'x' }, 'same-key')))).code).toBe('ERR_IDEMPOTENCY_KEY_CONFLICT');
  });
});

describe('pinned context under moderation (docs/policies.md#moderation)', () => {
  it('a pin past the anti-loop limit is refused with 429 and pins nothing', async () => {
    const strict = createRuntimeForTests(db, { MOD_MIN_ACTION_INTERVAL_MS: '0', MOD_MAX_ACTIONS_PER_WINDOW: '1' });
    await upsertPermission(strict, mutationRequest({ roomId: 'moderated', actorId: 'ada', canModerate: true }));
    expect((await pinContext(strict, mutationRequest({ roomId: 'moderated', actorId: 'ada', content: 'one' }))).status).toBe(201);
    const blocked = await failureOf(pinContext(strict, mutationRequest({ roomId: 'moderated', actorId: 'ada', content: 'two' })));
    expect(blocked).toMatchObject({ code: 'ERR_MODERATION_BLOCKED', status: 429 });
    expect(blocked.details).toMatchObject({ action: 'room_context_pin', reasonCode: 'MOD_RATE_LIMIT', roomId: 'moderated', actorId: 'ada' });
    expect((await readPinHistory(db.sql, query({ roomId: 'moderated' }), defaults)).count).toBe(1);
  });
});

describe('GET /v1/collaboration/score', () => {
  it('scores a room from its tasks, objects and conversation', async () => {
    const room = 'scored';
    const task = bodyOf<{ task: { taskId: string } }>(await createTask(runtime, mutationRequest({ roomId: room, actorId: 'ada', title: 't', assigneeActorId: 'bob' }))).data.task;
    await handoffTask(runtime, { ...mutationRequest({ actorId: 'bob', action: 'done' }), taskId: task.taskId });
    await createObject(runtime, mutationRequest({ roomId: room, actorId: 'bob' }));
    await executeCommand(runtime, { ...mutationRequest({ roomId: room, actorId: 'ada', text: 'nice work' }), action: 'say' });
    await waitUntilSettled(db.sql);
    const score = await readCollaborationScore(db.sql, query({ roomId: room }), defaults);
    // 30 (done) + 10 (assigned) + 3 (object) + 0.5 (turn) + 4 (two contributors)
    expect(score).toEqual({
      tenantId: 'default',
      roomId: room,
      window: { fromTs: null, toTs: null },
      eventsConsidered: 5,
      collaboration: { score: 47.5, grade: 'fair', metrics: { tasksCompleted: 1, coordinationActions: 1, objectEdits: 1, conversationTurns: 1, contributors: 2 } },
    });
    const future = await readCollaborationScore(db.sql, query({ roomId: room, fromTs: '2999-01-01' }), defaults);
    expect(future).toMatchObject({ window: { fromTs: '2999-01-01T00:00:00.000Z', toTs: null }, eventsConsidered: 0, collaboration: { score: 0, grade: 'early' } });
    expect(await failureOf(readCollaborationScore(db.sql, query({ toTs: 'yesterday' }), defaults))).toMatchObject({ code: 'ERR_VALIDATION', message: 'toTs must be a valid ISO-8601 timestamp' });
  });
});
