import { describe, expect, it } from 'vitest';
import { decideHandoff, type HandoffRequest } from '../src/tasks/decide-handoff';
import { decideTaskCreate, decideTaskPatch } from '../src/tasks/decide-task';
import type { Task } from '../src/tasks/task';
import { parseTaskCreate, parseTaskPatch } from '../src/tasks/validate-task';
import { errorOf } from './helpers/error-of';

const now = new Date('2026-03-01T09:00:00.000Z');
const origin = { tenantId: 'default', roomId: 'main', correlationId: 'corr-1', now };

const task = (overrides: Partial<Task> = {}): Task => ({
  taskId: '11111111-1111-4111-8111-111111111111',
  tenantId: 'default',
  roomId: 'main',
  title: 'Write the parser',
  description: null,
  state: 'open',
  createdBy: 'ada',
  assigneeActorId: null,
  progress: 0,
  metadata: {},
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
  completedAt: null,
  completedBy: null,
  ...overrides,
});

const types = (events: { type: string }[]) => events.map((event) => event.type);

describe('task fields (docs/api.md#tasks table)', () => {
  it('trims the title, lower-cases the state, rounds progress', () => {
    expect(parseTaskCreate({ title: '  Parse  ', state: ' DONE ', progress: 49.6, assigneeActorId: ' bob ' })).toEqual({
      title: 'Parse',
      state: 'done',
      progress: 50,
      assigneeActorId: 'bob',
    });
  });

  it.each([
    [{}, 'ERR_MISSING_FIELD', { field: 'title' }],
    [{ title: '   ' }, 'ERR_MISSING_FIELD', { field: 'title' }],
    [{ title: 't', state: 'later' }, 'ERR_INVALID_ENUM', { field: 'state', allowed: ['open', 'active', 'done'] }],
    [{ title: 't', progress: 101 }, 'ERR_OUT_OF_BOUNDS', { field: 'progress', min: 0, max: 100, value: 101 }],
    [{ title: 't', progress: -1 }, 'ERR_OUT_OF_BOUNDS', { field: 'progress', min: 0, max: 100 }],
    [{ title: 't', progress: 'half' }, 'ERR_VALIDATION', { field: 'progress' }],
    [{ title: 't', description: 5 }, 'ERR_VALIDATION', { field: 'description' }],
    [{ title: 't', assigneeActorId: 5 }, 'ERR_VALIDATION', { field: 'assigneeActorId' }],
    [{ title: 't', metadata: [] }, 'ERR_VALIDATION', { field: 'metadata' }],
  ])('%j → %s', (body, code, details) => {
    const error = errorOf(() => parseTaskCreate(body));
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject(details);
  });

  it('a patch needs at least one field', () => {
    const error = errorOf(() => parseTaskPatch({ actorId: 'ada' }));
    expect(error.code).toBe('ERR_VALIDATION');
    expect(error.details).toEqual({ fields: ['title', 'description', 'state', 'assigneeActorId', 'progress', 'metadata'] });
  });
});

describe('task create (docs/api.md#tasks)', () => {
  it('an open task: one task_created event', () => {
    const { task: created, events } = decideTaskCreate(origin, 'ada', { title: 'Parse' });
    expect(created).toMatchObject({ state: 'open', progress: 0, createdBy: 'ada', assigneeActorId: null, metadata: {}, completedAt: null });
    expect(types(events)).toEqual(['task_created']);
    expect(events[0]!.payload).toEqual({ taskId: created.taskId, title: 'Parse', state: 'open', assigneeActorId: null, progress: 0, createdBy: 'ada' });
  });

  it('an assignee without a state makes it active, with task_assigned caused by task_created', () => {
    const { task: created, events } = decideTaskCreate(origin, 'ada', { title: 'Parse', assigneeActorId: 'bob' });
    expect(created.state).toBe('active');
    expect(types(events)).toEqual(['task_created', 'task_assigned']);
    expect(events[1]!.payload).toEqual({ taskId: created.taskId, fromAssigneeActorId: null, toAssigneeActorId: 'bob', assignedBy: 'ada' });
    expect(events[1]!.causationId).toBe(events[0]!.eventId);
  });

  it('an explicit state wins over the assignee rule', () => {
    expect(decideTaskCreate(origin, 'ada', { title: 'Parse', assigneeActorId: 'bob', state: 'open' }).task.state).toBe('open');
  });

  it('created done: progress 100, completed by the creator, task_completed', () => {
    const { task: created, events } = decideTaskCreate(origin, 'ada', { title: 'Parse', state: 'done', progress: 20 });
    expect(created).toMatchObject({ progress: 100, completedBy: 'ada', completedAt: now.toISOString() });
    expect(types(events)).toEqual(['task_created', 'task_completed']);
    expect(events[1]!.payload).toEqual({ taskId: created.taskId, completedBy: 'ada', completedAt: now.toISOString(), progress: 100 });
  });
});

describe('task patch (docs/api.md#tasks)', () => {
  it('a title change: task_updated only, naming the field', () => {
    const { task: patched, events } = decideTaskPatch(origin, task(), 'bob', { title: 'Parse faster' });
    expect(patched).toMatchObject({ title: 'Parse faster', updatedAt: now.toISOString() });
    expect(types(events)).toEqual(['task_updated']);
    expect(events[0]!.payload).toEqual({ taskId: patched.taskId, changedFields: ['title'], state: 'open', assigneeActorId: null, progress: 0 });
    expect(events[0]!.actorId).toBe('bob');
  });

  it('assignee, progress and done: each follow-up caused by task_updated', () => {
    const { task: patched, events } = decideTaskPatch(origin, task({ assigneeActorId: 'bob', progress: 10, state: 'active' }), 'cy', { assigneeActorId: 'cy', state: 'done' });
    expect(patched).toMatchObject({ state: 'done', progress: 100, completedBy: 'cy', completedAt: now.toISOString() });
    expect(types(events)).toEqual(['task_updated', 'task_assigned', 'task_progress_updated', 'task_completed']);
    for (const event of events.slice(1)) expect(event.causationId).toBe(events[0]!.eventId);
    expect(events[1]!.payload).toMatchObject({ fromAssigneeActorId: 'bob', toAssigneeActorId: 'cy', assignedBy: 'cy' });
    expect(events[2]!.payload).toMatchObject({ fromProgress: 10, toProgress: 100 });
  });

  it('done with an explicit progress keeps it', () => {
    expect(decideTaskPatch(origin, task(), 'ada', { state: 'done', progress: 80 }).task.progress).toBe(80);
  });

  it('leaving done clears the completion', () => {
    const done = task({ state: 'done', progress: 100, completedAt: '2026-03-01T08:30:00.000Z', completedBy: 'ada' });
    const { task: reopened, events } = decideTaskPatch(origin, done, 'ada', { state: 'active' });
    expect(reopened).toMatchObject({ state: 'active', completedAt: null, completedBy: null, progress: 100 });
    expect(types(events)).toEqual(['task_updated']);
  });
});

const handoff = (overrides: Partial<HandoffRequest>): HandoffRequest => ({
  actorId: 'ada',
  action: 'assign',
  toAssigneeActorId: null,
  note: null,
  blockedReason: null,
  threadId: null,
  replyToEventId: null,
  metadata: {},
  ...overrides,
});

describe('task handoff (docs/api.md#tasks)', () => {
  it('assign by the creator: assignee set, open → active, task_handoff last and caused by task_updated', () => {
    const decision = decideHandoff(origin, task(), handoff({ toAssigneeActorId: 'bob', note: 'yours', threadId: 'th-1' }));
    expect(decision.task).toMatchObject({ assigneeActorId: 'bob', state: 'active' });
    expect(decision.task.metadata.handoff).toEqual({
      action: 'assign',
      by: 'ada',
      at: now.toISOString(),
      fromAssigneeActorId: null,
      toAssigneeActorId: 'bob',
      note: 'yours',
      blockedReason: null,
      threadId: 'th-1',
      replyToEventId: null,
    });
    expect(types(decision.events)).toEqual(['task_updated', 'task_assigned', 'task_handoff']);
    expect(decision.events[0]!.payload.changedFields).toEqual(['state', 'assigneeActorId', 'metadata']);
    expect(decision.events[2]!.causationId).toBe(decision.events[0]!.eventId);
    expect(decision.handoff).toMatchObject({ action: 'assign', fromAssigneeActorId: null, toAssigneeActorId: 'bob', initiatedBy: 'ada', ownerActorId: 'ada', state: 'active', progress: 0, targetActorIds: ['bob'], at: now.toISOString() });
    expect(decision.events[2]!.payload).toEqual(decision.handoff);
  });

  it('assign by someone else → 403; without a target → ERR_MISSING_FIELD', () => {
    const refused = errorOf(() => decideHandoff(origin, task(), handoff({ actorId: 'eve', toAssigneeActorId: 'eve' })));
    expect(refused).toMatchObject({ code: 'ERR_FORBIDDEN', message: 'Only owner or current assignee can assign handoff' });
    expect(errorOf(() => decideHandoff(origin, task(), handoff({}))).code).toBe('ERR_MISSING_FIELD');
  });

  it('accept: anyone when unassigned, else only the assignee', () => {
    const accepted = decideHandoff(origin, task(), handoff({ actorId: 'bob', action: 'ACCEPT' }));
    expect(accepted.task).toMatchObject({ assigneeActorId: 'bob', state: 'active' });
    expect(accepted.handoff.targetActorIds).toEqual(['ada']);
    const taken = task({ assigneeActorId: 'bob', state: 'active' });
    expect(errorOf(() => decideHandoff(origin, taken, handoff({ actorId: 'cy', action: 'accept' })))).toMatchObject({
      code: 'ERR_FORBIDDEN',
      message: 'Only current assignee can accept handoff',
    });
  });

  it('blocked needs a reason or a note and keeps the state', () => {
    const error = errorOf(() => decideHandoff(origin, task(), handoff({ action: 'blocked' })));
    expect(error.code).toBe('ERR_VALIDATION');
    expect(error.details).toEqual({ fields: ['blockedReason', 'note'] });
    const blocked = decideHandoff(origin, task({ assigneeActorId: 'bob', state: 'active' }), handoff({ actorId: 'bob', action: 'blocked', blockedReason: 'no data' }));
    expect(blocked.task.state).toBe('active');
    expect(blocked.events[0]!.payload.changedFields).toEqual(['metadata']);
    expect(blocked.handoff.targetActorIds).toEqual(['ada']);
  });

  it('done: progress 100, the actor becomes assignee if none, task_completed before task_handoff', () => {
    const done = decideHandoff(origin, task(), handoff({ actorId: 'bob', action: 'done' }));
    expect(done.task).toMatchObject({ state: 'done', progress: 100, assigneeActorId: 'bob', completedBy: 'bob' });
    expect(types(done.events)).toEqual(['task_updated', 'task_assigned', 'task_progress_updated', 'task_completed', 'task_handoff']);
    expect(done.handoff.targetActorIds).toEqual(['ada']);
  });

  it('a completed task conflicts (409) before the action is even read', () => {
    const error = errorOf(() => decideHandoff(origin, task({ state: 'done' }), handoff({ action: 'nonsense' })));
    expect(error).toMatchObject({ code: 'ERR_CONFLICT', message: 'Cannot handoff a completed task' });
    expect(error.details).toEqual({ tenantId: 'default', taskId: task().taskId, state: 'done' });
  });

  it('an unknown action → ERR_INVALID_ENUM with the allowed values', () => {
    const error = errorOf(() => decideHandoff(origin, task(), handoff({ action: 'steal' })));
    expect(error.code).toBe('ERR_INVALID_ENUM');
    expect(error.details).toMatchObject({ field: 'action', allowed: ['assign', 'accept', 'blocked', 'done'] });
  });
});
