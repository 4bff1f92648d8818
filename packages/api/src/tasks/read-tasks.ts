import { CafeError } from '@cafe/shared';
import type { Sql } from '@cafe/db';
import { lastSequenceOr } from '../event-reads/read-event-log';
import type { QueryReader } from '../request/query';
import { readTaskState } from './validate-task';
import type { Task } from './task';
import { findTask, listTaskHandoffEvents, listTasks } from './task-store';

export function taskNotFound(tenantId: string, taskId: string): CafeError {
  return new CafeError('ERR_NOT_FOUND', 'Task not found', { tenantId, taskId });
}

/** One task or 404 `Task not found` (unknown and malformed ids alike). */
export async function requireTask(sql: Sql, tenantId: string, taskId: string): Promise<Task> {
  const task = await findTask(sql, tenantId, taskId);
  if (!task) throw taskNotFound(tenantId, taskId);
  return task;
}

/** `GET /v1/tasks` (docs/api.md#tasks): filters by room, state (validated), assignee and creator. */
export async function readTasks(sql: Sql, query: QueryReader, defaultTenantId: string) {
  const rawState = query.string('state');
  const tasks = await listTasks(sql, {
    tenantId: query.string('tenantId') ?? defaultTenantId,
    roomId: query.string('roomId'),
    states: rawState === undefined ? undefined : [readTaskState(rawState)],
    assigneeActorId: query.string('assigneeActorId'),
    createdBy: query.string('createdBy'),
    limit: query.int('limit', 200, 1, 1000),
  });
  return { tasks, count: tasks.length };
}

/** `GET /v1/tasks/{id}/handoffs` (docs/api.md#tasks): the task's `task_handoff` events, newest first by default. */
export async function readTaskHandoffs(sql: Sql, query: QueryReader, taskId: string, defaultTenantId: string) {
  const task = await requireTask(sql, query.string('tenantId') ?? defaultTenantId, taskId);
  const cursor = query.cursor();
  const order = query.string('order')?.toLowerCase() === 'asc' ? 'asc' : 'desc';
  const handoffs = await listTaskHandoffEvents(sql, { taskId: task.taskId, order, cursor, limit: query.int('limit', 50, 1, 200) });
  return { taskId: task.taskId, handoffs, count: handoffs.length, nextCursor: lastSequenceOr(handoffs, cursor) };
}
