import { randomUUID } from 'node:crypto';
import { CafeError } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import { decideTaskChange, type TaskDecision } from './decide-task';
import { TASK_FIELDS, type Task } from './task';

export const HANDOFF_ACTIONS = ['assign', 'accept', 'blocked', 'done'] as const;
export type HandoffAction = (typeof HANDOFF_ACTIONS)[number];

export interface HandoffRequest {
  actorId: string;
  /** As given: checked here, after the completed-task conflict (docs/api.md#tasks order). */
  action: unknown;
  toAssigneeActorId: string | null;
  note: string | null;
  blockedReason: string | null;
  threadId: string | null;
  replyToEventId: string | null;
  metadata: Record<string, unknown>;
}

/** The `task_handoff` payload (docs/events.md#catalogue), also the `handoff` of the response. */
export interface TaskHandoff {
  handoffId: string;
  taskId: string;
  action: HandoffAction;
  fromAssigneeActorId: string | null;
  toAssigneeActorId: string | null;
  initiatedBy: string;
  ownerActorId: string;
  state: Task['state'];
  progress: number;
  note: string | null;
  blockedReason: string | null;
  threadId: string | null;
  replyToEventId: string | null;
  metadata: Record<string, unknown>;
  targetActorIds: string[];
  at: string;
}

export interface HandoffDecision extends TaskDecision {
  handoff: TaskHandoff;
}

function readAction(value: unknown): HandoffAction {
  if (typeof value !== 'string' || value.trim() === '') throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: action', { field: 'action' });
  const action = value.trim().toLowerCase();
  if (!(HANDOFF_ACTIONS as readonly string[]).includes(action)) {
    throw new CafeError('ERR_INVALID_ENUM', `action must be one of ${HANDOFF_ACTIONS.join(', ')}`, { field: 'action', value, allowed: [...HANDOFF_ACTIONS] });
  }
  return action as HandoffAction;
}

/** Who may take `action` on `task` (docs/api.md#tasks table); the 403 message when not. */
function refusal(task: Task, action: HandoffAction, actorId: string): string | null {
  const assignee = task.assigneeActorId;
  const isOwner = task.createdBy === actorId;
  switch (action) {
    case 'assign':
      return isOwner || assignee === actorId ? null : 'Only owner or current assignee can assign handoff';
    case 'accept':
      return assignee === null || assignee === actorId ? null : 'Only current assignee can accept handoff';
    default:
      return assignee === null || assignee === actorId || isOwner ? null : `Only owner or current assignee can mark handoff ${action}`;
  }
}

/** The task after the action, before completion bookkeeping. */
function applyAction(task: Task, action: HandoffAction, request: HandoffRequest): Task {
  switch (action) {
    case 'assign':
      return { ...task, assigneeActorId: request.toAssigneeActorId, state: task.state === 'open' ? 'active' : task.state };
    case 'accept':
      return { ...task, assigneeActorId: request.actorId, state: task.state === 'open' ? 'active' : task.state };
    case 'blocked':
      return task;
    case 'done':
      return { ...task, state: 'done', progress: 100, assigneeActorId: task.assigneeActorId ?? request.actorId };
  }
}

/** Inbox recipients (actor excluded, de-duplicated): the creator plus whom the action concerns. */
function targetActorIds(before: Task, after: Task, action: HandoffAction, actorId: string): string[] {
  const concerned =
    action === 'assign' ? [before.assigneeActorId, after.assigneeActorId] : action === 'accept' ? [before.assigneeActorId] : [after.assigneeActorId];
  return [...new Set([before.createdBy, ...concerned])].filter((id): id is string => id !== null && id !== actorId);
}

/**
 * `POST /v1/tasks/{id}/handoffs` (docs/api.md#tasks), after the override check: a completed task
 * conflicts (409), then the action is validated and its rule applied. The task records the
 * handoff under `metadata.handoff`; the events are the task change followed by `task_handoff`,
 * caused by the `task_updated` event.
 */
export function decideHandoff(origin: EventOrigin, before: Task, request: HandoffRequest): HandoffDecision {
  if (before.state === 'done') {
    throw new CafeError('ERR_CONFLICT', 'Cannot handoff a completed task', { tenantId: before.tenantId, taskId: before.taskId, state: before.state });
  }
  const action = readAction(request.action);
  const refused = refusal(before, action, request.actorId);
  if (refused) {
    throw new CafeError('ERR_FORBIDDEN', refused, {
      tenantId: before.tenantId,
      taskId: before.taskId,
      actorId: request.actorId,
      action,
      ownerActorId: before.createdBy,
      assigneeActorId: before.assigneeActorId,
    });
  }
  if (action === 'assign' && request.toAssigneeActorId === null) {
    throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: toAssigneeActorId', { field: 'toAssigneeActorId' });
  }
  if (action === 'blocked' && request.blockedReason === null && request.note === null) {
    throw new CafeError('ERR_VALIDATION', 'blockedReason or note is required for a blocked handoff', { fields: ['blockedReason', 'note'] });
  }
  const at = origin.now.toISOString();
  const acted = applyAction(before, action, request);
  const record = {
    action,
    by: request.actorId,
    at,
    fromAssigneeActorId: before.assigneeActorId,
    toAssigneeActorId: acted.assigneeActorId,
    note: request.note,
    blockedReason: request.blockedReason,
    threadId: request.threadId,
    replyToEventId: request.replyToEventId,
  };
  const next: Task = { ...acted, metadata: { ...before.metadata, handoff: record } };
  const changed = TASK_FIELDS.filter((field) => field === 'metadata' || next[field] !== before[field]);
  const change = decideTaskChange(origin, before, next, request.actorId, changed);
  const handoff: TaskHandoff = {
    handoffId: randomUUID(),
    taskId: before.taskId,
    action,
    fromAssigneeActorId: before.assigneeActorId,
    toAssigneeActorId: change.task.assigneeActorId,
    initiatedBy: request.actorId,
    ownerActorId: before.createdBy,
    state: change.task.state,
    progress: change.task.progress,
    note: request.note,
    blockedReason: request.blockedReason,
    threadId: request.threadId,
    replyToEventId: request.replyToEventId,
    metadata: request.metadata,
    targetActorIds: targetActorIds(before, change.task, action, request.actorId),
    at,
  };
  const handoffEvent = createEvent(origin, { type: 'task_handoff', actorId: request.actorId, payload: { ...handoff }, causationId: change.events[0]!.eventId });
  return { ...change, handoff, events: [...change.events, handoffEvent] };
}
