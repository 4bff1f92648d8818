import { randomUUID } from 'node:crypto';
import type { EventPayload, NewEvent } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import { TASK_FIELDS, type Task, type TaskField } from './task';
import type { TaskFieldValues } from './validate-task';

export interface TaskDecision {
  task: Task;
  events: NewEvent[];
}

/**
 * The events that follow a task's main event (`task_created`/`task_updated`), each caused by
 * it (docs/events.md#catalogue): a new assignee, a progress move, completion.
 */
function followUpEvents(origin: EventOrigin, before: Task | null, after: Task, actorId: string, cause: NewEvent): NewEvent[] {
  const events: NewEvent[] = [];
  const follow = <T extends 'task_assigned' | 'task_progress_updated' | 'task_completed'>(type: T, payload: EventPayload<T>) =>
    events.push(createEvent(origin, { type, actorId, payload, causationId: cause.eventId }));
  const fromAssignee = before?.assigneeActorId ?? null;
  if (after.assigneeActorId !== fromAssignee && (before || after.assigneeActorId !== null)) {
    follow('task_assigned', { taskId: after.taskId, fromAssigneeActorId: fromAssignee, toAssigneeActorId: after.assigneeActorId, assignedBy: actorId });
  }
  if (before && before.progress !== after.progress) follow('task_progress_updated', { taskId: after.taskId, fromProgress: before.progress, toProgress: after.progress });
  if (after.state === 'done' && before?.state !== 'done') {
    // settleCompletion stamps both on entering done; the fallbacks only satisfy the types.
    const completedBy = after.completedBy ?? actorId;
    const completedAt = after.completedAt ?? origin.now.toISOString();
    follow('task_completed', { taskId: after.taskId, completedBy, completedAt, progress: after.progress });
  }
  return events;
}

/** Completion bookkeeping: entering `done` stamps who and when, leaving it clears both. */
function settleCompletion(before: Task | null, next: Task, actorId: string, now: Date): Task {
  if (next.state !== 'done') return { ...next, completedAt: null, completedBy: null };
  if (before?.state === 'done') return next;
  return { ...next, completedAt: now.toISOString(), completedBy: actorId };
}

/**
 * `POST /v1/tasks` (docs/api.md#tasks): an assignee without an explicit state makes the task
 * `active`; created `done` means progress 100 (at least) and completion by the creator.
 */
export function decideTaskCreate(origin: EventOrigin, actorId: string, fields: TaskFieldValues & { title: string }): TaskDecision {
  const assigneeActorId = fields.assigneeActorId ?? null;
  const state = fields.state ?? (assigneeActorId !== null ? 'active' : 'open');
  // Progress tops out at 100, so a task created done is always at 100.
  const progress = state === 'done' ? 100 : fields.progress ?? 0;
  const at = origin.now.toISOString();
  const task = settleCompletion(
    null,
    {
      taskId: randomUUID(),
      tenantId: origin.tenantId,
      roomId: origin.roomId,
      title: fields.title,
      description: fields.description ?? null,
      state,
      createdBy: actorId,
      assigneeActorId,
      progress,
      metadata: fields.metadata ?? {},
      createdAt: at,
      updatedAt: at,
      completedAt: null,
      completedBy: null,
    },
    actorId,
    origin.now,
  );
  const created = createEvent(origin, {
    type: 'task_created',
    actorId,
    payload: { taskId: task.taskId, title: task.title, state: task.state, assigneeActorId: task.assigneeActorId, progress: task.progress, createdBy: actorId },
  });
  return { task, events: [created, ...followUpEvents(origin, null, task, actorId, created)] };
}

/**
 * A change of an existing task, as a patch or a handoff makes it: `task_updated` naming the
 * changed fields, then its follow-ups. The caller builds `next`; completion is settled here.
 */
export function decideTaskChange(origin: EventOrigin, before: Task, next: Task, actorId: string, changedFields: readonly TaskField[]): TaskDecision {
  const task = settleCompletion(before, { ...next, updatedAt: origin.now.toISOString() }, actorId, origin.now);
  const updated = createEvent(origin, {
    type: 'task_updated',
    actorId,
    payload: { taskId: task.taskId, changedFields: [...changedFields], state: task.state, assigneeActorId: task.assigneeActorId, progress: task.progress },
  });
  return { task, events: [updated, ...followUpEvents(origin, before, task, actorId, updated)] };
}

/**
 * `PATCH /v1/tasks/{id}` (docs/api.md#tasks): the given fields replace the stored ones; `done`
 * without a progress means 100. `changedFields` lists the fields the patch carried.
 */
export function decideTaskPatch(origin: EventOrigin, before: Task, actorId: string, fields: TaskFieldValues): TaskDecision {
  const next: Task = { ...before, ...fields };
  if (fields.state === 'done' && fields.progress === undefined) next.progress = 100;
  const changedFields = TASK_FIELDS.filter((field) => fields[field] !== undefined);
  return decideTaskChange(origin, before, next, actorId, changedFields);
}
