import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { readBootstrap } from '../src/bootstrap/read-bootstrap';
import { readInbox } from '../src/inbox/read-inbox';
import { readLocalMemory } from '../src/memory/read-local-memory';
import { readReplay } from '../src/replay/read-replay';
import { readQueryValues } from '../src/request/query';
import type { ApiRuntime } from '../src/runtime';
import { readTaskHandoffs, readTasks, requireTask } from '../src/tasks/read-tasks';
import type { Task } from '../src/tasks/task';
import { applyOverride, createTask, handoffTask, patchTask, upsertPermission } from './helpers/commands-for-tests';
import { bodyOf, createRuntimeForTests, failureOf, mutationRequest, waitUntilSettled } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db);
});
afterAll(async () => {
  await db?.drop();
});

type TaskData = { task: Task; emittedEvents: { eventType: string; sequence: number }[]; correlationId: string };
type HandoffData = TaskData & { handoff: Record<string, unknown> };

const query = (values: Record<string, string>) => readQueryValues(values);

async function newTask(body: Record<string, unknown>): Promise<Task> {
  return bodyOf<TaskData>(await createTask(runtime, mutationRequest({ actorId: 'ada', title: 'A task', ...body }))).data.task;
}

async function eventsOfTask(taskId: string) {
  return db.sql<{ type: string; actor_id: string; payload: Record<string, unknown>; causation_id: string | null; event_id: string; sequence: number }[]>`
    select type, actor_id, payload, causation_id, event_id, sequence from events where payload->>'taskId' = ${taskId} order by sequence`;
}

describe('POST /v1/tasks', () => {
  it('creates an assigned task: 201, task_created then task_assigned, an inbox item for the assignee', async () => {
    const result = await createTask(runtime, mutationRequest({ roomId: 'board', actorId: 'ada', title: ' Parse ', assigneeActorId: 'bob', metadata: { p: 1 } }));
    expect(result.status).toBe(201);
    const data = bodyOf<TaskData>(result).data;
    expect(data.task).toMatchObject({ tenantId: 'default', roomId: 'board', title: 'Parse', state: 'active', createdBy: 'ada', assigneeActorId: 'bob', progress: 0, metadata: { p: 1 } });
    expect(data.emittedEvents.map((e) => e.eventType)).toEqual(['task_created', 'task_assigned']);
    const events = await eventsOfTask(data.task.taskId);
    expect(events[1]!.causation_id).toBe(events[0]!.event_id);
    const inbox = await db.sql<{ actor_id: string; topic: string; payload: Record<string, unknown> }[]>`
      select actor_id, topic, payload from inbox_items where source_event_id = ${events[1]!.event_id}`;
    expect(inbox).toEqual([{ actor_id: 'bob', topic: 'task', payload: { topic: 'task', taskId: data.task.taskId, fromAssigneeActorId: null, toAssigneeActorId: 'bob', assignedBy: 'ada' } }]);
  });

  it('replays a retried create without a second task or event', async () => {
    const request = mutationRequest({ roomId: 'replay', actorId: 'ada', title: 'Once' });
    const first = await createTask(runtime, request);
    const again = await createTask(runtime, request);
    expect(again).toMatchObject({ kind: 'replayed', status: 201, body: first.body });
    expect((await readTasks(db.sql, query({ roomId: 'replay' }), 'default')).count).toBe(1);
  });

  it('checks ids before the key and the fields after it; writes nothing on failure', async () => {
    expect((await failureOf(createTask(runtime, mutationRequest({ title: 't' }, null)))).code).toBe('ERR_MISSING_FIELD');
    expect((await failureOf(createTask(runtime, mutationRequest({ actorId: 'ada', title: 't' }, null)))).code).toBe('ERR_IDEMPOTENCY_KEY_REQUIRED');
    const cases = [
      [{ actorId: 'ada' }, 'ERR_MISSING_FIELD'],
      [{ actorId: 'ada', title: 't', state: 'later' }, 'ERR_INVALID_ENUM'],
      [{ actorId: 'ada', title: 't', progress: 140 }, 'ERR_OUT_OF_BOUNDS'],
      [{ actorId: 'ada', title: 't', metadata: 'x' }, 'ERR_VALIDATION'],
      [{ actorId: 'ada', title: 't', tenantId: 3 }, 'ERR_VALIDATION'],
    ] as const;
    for (const [body, code] of cases) expect((await failureOf(createTask(runtime, mutationRequest({ roomId: 'bad', ...body })))).code).toBe(code);
    expect((await readTasks(db.sql, query({ roomId: 'bad' }), 'default')).count).toBe(0);
  });
});

describe('GET /v1/tasks and /v1/tasks/{id}', () => {
  it('filters by room, state, assignee and creator, newest-updated first, with a limit', async () => {
    const a = await newTask({ roomId: 'list', title: 'one' });
    const b = await newTask({ roomId: 'list', title: 'two', assigneeActorId: 'bob' });
    const c = await newTask({ roomId: 'list', title: 'three', state: 'done', actorId: 'cy' });
    const ids = async (values: Record<string, string>) => (await readTasks(db.sql, query({ roomId: 'list', ...values }), 'default')).tasks.map((t) => t.taskId);
    expect(await ids({})).toEqual([c.taskId, b.taskId, a.taskId]);
    expect(await ids({ state: 'OPEN' })).toEqual([a.taskId]);
    expect(await ids({ assigneeActorId: 'bob' })).toEqual([b.taskId]);
    expect(await ids({ createdBy: 'cy' })).toEqual([c.taskId]);
    expect(await ids({ limit: '1' })).toEqual([c.taskId]);
    expect(await ids({ tenantId: 'elsewhere' })).toEqual([]);
    expect((await failureOf(readTasks(db.sql, query({ state: 'nope' }), 'default'))).code).toBe('ERR_INVALID_ENUM');
  });

  it('one task, or 404 for unknown, malformed and other-tenant ids', async () => {
    const task = await newTask({});
    expect(await requireTask(db.sql, 'default', task.taskId)).toEqual(task);
    for (const [tenant, id] of [
      ['default', '00000000-0000-4000-8000-000000000000'],
      ['default', 'not-a-uuid'],
      ['other', task.taskId],
    ]) {
      const error = await failureOf(requireTask(db.sql, tenant!, id!));
      expect(error).toMatchObject({ code: 'ERR_NOT_FOUND', message: 'Task not found' });
    }
  });
});

describe('PATCH /v1/tasks/{id}', () => {
  it('updates fields; assignee, progress and completion follow as their own events', async () => {
    const task = await newTask({});
    const result = await patchTask(runtime, { ...mutationRequest({ actorId: 'bob', assigneeActorId: 'bob', progress: 40 }), taskId: task.taskId });
    expect(result.status).toBe(200);
    const data = bodyOf<TaskData>(result).data;
    expect(data.task).toMatchObject({ assigneeActorId: 'bob', progress: 40, state: 'open' });
    expect(data.emittedEvents.map((e) => e.eventType)).toEqual(['task_updated', 'task_assigned', 'task_progress_updated']);
    const done = bodyOf<TaskData>(await patchTask(runtime, { ...mutationRequest({ actorId: 'bob', state: 'done' }), taskId: task.taskId })).data;
    expect(done.task).toMatchObject({ state: 'done', progress: 100, completedBy: 'bob' });
    expect(done.emittedEvents.map((e) => e.eventType)).toEqual(['task_updated', 'task_progress_updated', 'task_completed']);
  });

  it('404 before the key; empty patch after it; the tenant may come from the query', async () => {
    const unknown = await failureOf(patchTask(runtime, { ...mutationRequest({ actorId: 'ada', title: 'x' }, null), taskId: 'nope' }));
    expect(unknown.code).toBe('ERR_NOT_FOUND');
    const task = await newTask({ tenantId: 'acme' });
    expect((await failureOf(patchTask(runtime, { ...mutationRequest({ actorId: 'ada', title: 'x' }, null), taskId: task.taskId, queryTenantId: 'acme' }))).code).toBe(
      'ERR_IDEMPOTENCY_KEY_REQUIRED',
    );
    const empty = await failureOf(patchTask(runtime, { ...mutationRequest({ actorId: 'ada' }), taskId: task.taskId, queryTenantId: 'acme' }));
    expect(empty.code).toBe('ERR_VALIDATION');
    expect(empty.details).toMatchObject({ fields: ['title', 'description', 'state', 'assigneeActorId', 'progress', 'metadata'] });
    const ok = await patchTask(runtime, { ...mutationRequest({ actorId: 'ada', title: 'renamed' }), taskId: task.taskId, queryTenantId: 'acme' });
    expect(bodyOf<TaskData>(ok).data.task.title).toBe('renamed');
  });

  it('20 concurrent patches of one task: all applied in turn, one task_updated each, a consistent task', async () => {
    const task = await newTask({ roomId: 'race' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => patchTask(runtime, { ...mutationRequest({ actorId: `agent-${i}`, progress: i + 1, metadata: { writer: i } }), taskId: task.taskId })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const events = await eventsOfTask(task.taskId);
    const updates = events.filter((e) => e.type === 'task_updated');
    const moves = events.filter((e) => e.type === 'task_progress_updated');
    expect(updates).toHaveLength(20);
    expect(moves).toHaveLength(20);
    // Each patch decided on the state the previous one left: the progress moves form one chain.
    let progress = 0;
    for (const move of moves) {
      expect(move.payload.fromProgress).toBe(progress);
      progress = move.payload.toProgress as number;
    }
    const stored = await requireTask(db.sql, 'default', task.taskId);
    const last = updates[updates.length - 1]!;
    expect(stored.progress).toBe(progress);
    expect(stored.progress).toBe(last.payload.progress);
    expect(stored.metadata).toEqual({ writer: Number(last.actor_id.replace('agent-', '')) });
  });
});

describe('POST /v1/tasks/{id}/handoffs', () => {
  it('a task handed from ada to bob, accepted, blocked, done: events, inbox and the handoff list', async () => {
    const task = await newTask({ roomId: 'handoff', title: 'Ship it' });
    const assign = await handoffTask(runtime, { ...mutationRequest({ actorId: 'ada', action: 'assign', toAssigneeActorId: 'bob', note: 'yours now', threadId: 'th-9' }), taskId: task.taskId });
    expect(assign.status).toBe(200);
    const assigned = bodyOf<HandoffData>(assign).data;
    expect(assigned.task).toMatchObject({ assigneeActorId: 'bob', state: 'active' });
    expect(assigned.emittedEvents.map((e) => e.eventType)).toEqual(['task_updated', 'task_assigned', 'task_handoff']);
    expect(assigned.handoff).toMatchObject({ action: 'assign', toAssigneeActorId: 'bob', targetActorIds: ['bob'], threadId: 'th-9', note: 'yours now' });

    const bobInbox = await readInbox(runtime, query({ roomId: 'handoff', actorId: 'bob' }));
    expect(bobInbox.items.map((item: { topic: string }) => item.topic).sort()).toEqual(['handoff', 'task']);
    expect(bobInbox.unreadCount).toBe(2);

    const accept = bodyOf<HandoffData>(await handoffTask(runtime, { ...mutationRequest({ actorId: 'bob', action: 'accept' }), taskId: task.taskId })).data;
    expect(accept.handoff.targetActorIds).toEqual(['ada']);
    const blocked = bodyOf<HandoffData>(await handoffTask(runtime, { ...mutationRequest({ actorId: 'bob', action: 'blocked', blockedReason: 'waiting on CI' }), taskId: task.taskId })).data;
    expect(blocked.task.state).toBe('active');
    const done = bodyOf<HandoffData>(await handoffTask(runtime, { ...mutationRequest({ actorId: 'bob', action: 'done' }), taskId: task.taskId })).data;
    expect(done.task).toMatchObject({ state: 'done', progress: 100, completedBy: 'bob' });
    expect(done.emittedEvents.map((e) => e.eventType)).toEqual(['task_updated', 'task_progress_updated', 'task_completed', 'task_handoff']);

    const conflict = await failureOf(handoffTask(runtime, { ...mutationRequest({ actorId: 'bob', action: 'accept' }), taskId: task.taskId }));
    expect(conflict).toMatchObject({ code: 'ERR_CONFLICT', status: 409, message: 'Cannot handoff a completed task' });

    await waitUntilSettled(db.sql);
    const listed = await readTaskHandoffs(db.sql, query({}), task.taskId, 'default');
    expect(listed.handoffs.map((e) => e.payload.action)).toEqual(['done', 'blocked', 'accept', 'assign']);
    expect(listed).toMatchObject({ taskId: task.taskId, count: 4, nextCursor: listed.handoffs[3]!.sequence });
    const page = await readTaskHandoffs(db.sql, query({ order: 'asc', limit: '2' }), task.taskId, 'default');
    expect(page.handoffs.map((e) => e.payload.action)).toEqual(['assign', 'accept']);
    const next = await readTaskHandoffs(db.sql, query({ order: 'asc', cursor: String(page.nextCursor) }), task.taskId, 'default');
    expect(next.handoffs.map((e) => e.payload.action)).toEqual(['blocked', 'done']);
    expect((await failureOf(readTaskHandoffs(db.sql, query({}), 'nope', 'default'))).code).toBe('ERR_NOT_FOUND');

    // Replay and local memory tell the same story.
    const replay = await readReplay(db.sql, query({ roomId: 'handoff' }), { tenantId: 'default', roomId: 'main' }, runtime.env);
    expect(replay.snapshot.tasks).toEqual([expect.objectContaining({ taskId: task.taskId, state: 'done', assigneeActorId: 'bob', progress: 100, completedBy: 'bob' })]);
    const memory = await readLocalMemory(db.sql, query({ roomId: 'handoff' }), { tenantId: 'default', roomId: 'main' });
    expect(memory.memory[0]).toMatchObject({ type: 'task_handoff', taskId: task.taskId, action: 'done', initiatedBy: 'bob' });
  });

  it('refuses with 403 the actors the rules exclude, and validates the action after the conflict check', async () => {
    const task = await newTask({ assigneeActorId: 'bob' });
    const cases = [
      [{ actorId: 'eve', action: 'assign', toAssigneeActorId: 'eve' }, 'ERR_FORBIDDEN'],
      [{ actorId: 'eve', action: 'accept' }, 'ERR_FORBIDDEN'],
      [{ actorId: 'eve', action: 'done' }, 'ERR_FORBIDDEN'],
      [{ actorId: 'ada', action: 'assign' }, 'ERR_MISSING_FIELD'],
      [{ actorId: 'bob', action: 'blocked' }, 'ERR_VALIDATION'],
      [{ actorId: 'bob', action: 'hide' }, 'ERR_INVALID_ENUM'],
      [{ actorId: 'bob' }, 'ERR_MISSING_FIELD'],
    ] as const;
    for (const [body, code] of cases) expect((await failureOf(handoffTask(runtime, { ...mutationRequest(body), taskId: task.taskId }))).code).toBe(code);
    expect((await failureOf(handoffTask(runtime, { ...mutationRequest({ actorId: 'bob', action: 'accept' }, null), taskId: 'missing' }))).code).toBe('ERR_NOT_FOUND');
    expect((await eventsOfTask(task.taskId)).map((e) => e.type)).toEqual(['task_created', 'task_assigned']);
  });

  it('two agents accept the same task at once: one gets it, the other is refused', async () => {
    const task = await newTask({ roomId: 'race' });
    const outcomes = await Promise.allSettled(
      ['bob', 'cy'].map((actorId) => handoffTask(runtime, { ...mutationRequest({ actorId, action: 'accept' }), taskId: task.taskId })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: 'ERR_FORBIDDEN', status: 403, message: 'Only current assignee can accept handoff' });
    const winner = bodyOf<HandoffData>((won[0] as PromiseFulfilledResult<{ body: string }>).value).data.task.assigneeActorId;
    expect((await requireTask(db.sql, 'default', task.taskId)).assigneeActorId).toBe(winner);
    expect((await eventsOfTask(task.taskId)).filter((e) => e.type === 'task_handoff')).toHaveLength(1);
  });
});

describe('handoff races', () => {
  it('two agents finish the same task at once: one completes it, the other gets 409 ERR_CONFLICT', async () => {
    const task = await newTask({ roomId: 'race' });
    const outcomes = await Promise.allSettled(
      ['bob', 'cy'].map((actorId) => handoffTask(runtime, { ...mutationRequest({ actorId, action: 'done' }), taskId: task.taskId })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect(lost[0]!.reason).toMatchObject({ code: 'ERR_CONFLICT', status: 409, message: 'Cannot handoff a completed task' });
    const winner = bodyOf<HandoffData>((won[0] as PromiseFulfilledResult<{ body: string }>).value).data.task.completedBy;
    const events = await eventsOfTask(task.taskId);
    expect(events.filter((e) => e.type === 'task_completed').map((e) => e.actor_id)).toEqual([winner]);
    expect(events.filter((e) => e.type === 'task_handoff')).toHaveLength(1);
  });
});

describe('operator overrides on tasks (docs/policies.md#operator-overrides)', () => {
  it('a paused room refuses create, patch and handoff with 423; a mute does not', async () => {
    const task = await newTask({ roomId: 'paused' });
    await upsertPermission(runtime, mutationRequest({ roomId: 'paused', actorId: 'op', canModerate: true }));
    await applyOverride(runtime, mutationRequest({ roomId: 'paused', operatorId: 'op', action: 'mute_agent', targetActorId: 'ada' }));
    expect((await patchTask(runtime, { ...mutationRequest({ actorId: 'ada', progress: 5 }), taskId: task.taskId })).status).toBe(200);
    await applyOverride(runtime, mutationRequest({ roomId: 'paused', operatorId: 'op', action: 'pause_room' }));
    const attempts = [
      () => createTask(runtime, mutationRequest({ roomId: 'paused', actorId: 'ada', title: 't' })),
      () => patchTask(runtime, { ...mutationRequest({ actorId: 'ada', progress: 6 }), taskId: task.taskId }),
      () => handoffTask(runtime, { ...mutationRequest({ actorId: 'ada', action: 'accept' }), taskId: task.taskId }),
    ];
    for (const attempt of attempts) {
      const error = await failureOf(attempt());
      expect(error).toMatchObject({ code: 'ERR_OPERATOR_OVERRIDE_BLOCKED', status: 423 });
      expect(error.details).toMatchObject({ reasonCode: 'ROOM_PAUSED', roomId: 'paused' });
    }
  });
});

describe('GET /v1/bootstrap task lists (docs/api.md#health-and-bootstrap)', () => {
  it("lists the actor's assigned tasks and the room's active then open tasks", async () => {
    const open = await newTask({ roomId: 'boot', title: 'open one' });
    const active = await newTask({ roomId: 'boot', title: 'active one', assigneeActorId: 'bob' });
    await newTask({ roomId: 'boot', title: 'done one', state: 'done' });
    const context = { sql: db.sql, defaults: { tenantId: 'default', roomId: 'boot' }, authQueryParam: null };
    const boot = await readBootstrap(context, query({ roomId: 'boot', actorId: 'bob' }));
    expect(boot.room.openOrActiveTasks.map((t) => t.taskId)).toEqual([active.taskId, open.taskId]);
    expect(boot.actor!.assignedTasks.map((t) => t.taskId)).toEqual([active.taskId]);
    const withoutBacklog = await readBootstrap(context, query({ roomId: 'boot', includeBacklog: 'false' }));
    expect(withoutBacklog.room.openOrActiveTasks).toEqual([]);
  });
});
