import { z } from 'zod';
import { freeObject, isoTimestamp } from './fields';

export const TASK_STATES = ['open', 'active', 'done'] as const;
export const HANDOFF_ACTIONS = ['assign', 'accept', 'blocked', 'done'] as const;

const taskState = z.enum(TASK_STATES);
const progress = z.number().int().min(0).max(100);
const taskId = z.string().min(1);

/** `task_created` (docs/api.md#tasks). */
export const taskCreatedPayload = z
  .strictObject({ taskId, title: z.string().min(1), state: taskState, assigneeActorId: z.string().nullable(), progress, createdBy: z.string().min(1) })
  .describe('A task was created (POST /v1/tasks).');

/** `task_updated` (docs/api.md#tasks): the patched field names and the task's state after it. */
export const taskUpdatedPayload = z
  .strictObject({ taskId, changedFields: z.array(z.string()), state: taskState, assigneeActorId: z.string().nullable(), progress })
  .describe('A task was patched (PATCH /v1/tasks/{id}) or handed off.');

/** `task_assigned`: `fromAssigneeActorId` null on create; `toAssigneeActorId` null when a patch unassigns. */
export const taskAssignedPayload = z
  .strictObject({ taskId, fromAssigneeActorId: z.string().nullable(), toAssigneeActorId: z.string().nullable(), assignedBy: z.string().min(1) })
  .describe("A task's assignee changed; feeds the new assignee's inbox.");

/** `task_progress_updated`. */
export const taskProgressUpdatedPayload = z
  .strictObject({ taskId, fromProgress: progress, toProgress: progress })
  .describe("A task's progress changed.");

/** `task_completed`: the task became `done`. */
export const taskCompletedPayload = z
  .strictObject({ taskId, completedBy: z.string().min(1), completedAt: isoTimestamp(), progress })
  .describe('A task became done (create, patch or handoff).');

/** `task_handoff` (docs/api.md#tasks): the handoff record; `targetActorIds` are the inbox recipients. */
export const taskHandoffPayload = z
  .strictObject({
    handoffId: z.string().min(1),
    taskId,
    action: z.enum(HANDOFF_ACTIONS),
    fromAssigneeActorId: z.string().nullable(),
    toAssigneeActorId: z.string().nullable(),
    initiatedBy: z.string().min(1),
    ownerActorId: z.string().nullable(),
    state: taskState,
    progress,
    note: z.string().nullable(),
    blockedReason: z.string().nullable(),
    threadId: z.string().nullable(),
    replyToEventId: z.string().nullable(),
    metadata: freeObject(),
    targetActorIds: z.array(z.string()),
    at: isoTimestamp(),
  })
  .describe('A task was handed off (assign, accept, blocked, done); feeds the targets’ inboxes.');

export const taskEventPayloads = {
  task_created: taskCreatedPayload,
  task_updated: taskUpdatedPayload,
  task_assigned: taskAssignedPayload,
  task_progress_updated: taskProgressUpdatedPayload,
  task_completed: taskCompletedPayload,
  task_handoff: taskHandoffPayload,
} as const;
