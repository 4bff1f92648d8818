import { EVENT_COLUMNS, toEventEnvelope, type EventRow, type Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';
import { isUuid } from '../request/uuid';
import { TASK_COLUMNS, toTask, type Task, type TaskRow, type TaskState } from './task';

/** One task of a tenant, or null (also for an id that is not a UUID). */
export async function findTask(sql: Sql, tenantId: string, taskId: string): Promise<Task | null> {
  if (!isUuid(taskId)) return null;
  const [row] = await sql<TaskRow[]>`
    select ${sql.unsafe(TASK_COLUMNS)} from tasks where task_id = ${taskId} and tenant_id = ${tenantId}`;
  return row ? toTask(row) : null;
}

/** Writes a task (insert, or full replace of the mutable fields; `createdAt` is kept). */
export async function saveTask(tx: Sql, task: Task): Promise<Task> {
  const [row] = await tx<TaskRow[]>`
    insert into tasks (task_id, tenant_id, room_id, title, description, state, created_by, assignee_actor_id, progress, metadata,
                       created_at, updated_at, completed_at, completed_by)
    values (${task.taskId}, ${task.tenantId}, ${task.roomId}, ${task.title}, ${task.description}, ${task.state}, ${task.createdBy},
            ${task.assigneeActorId}, ${task.progress}, ${JSON.stringify(task.metadata)}::text::jsonb,
            ${task.createdAt}, ${task.updatedAt}, ${task.completedAt}, ${task.completedBy})
    on conflict (task_id) do update
       set title = excluded.title, description = excluded.description, state = excluded.state,
           assignee_actor_id = excluded.assignee_actor_id, progress = excluded.progress, metadata = excluded.metadata,
           updated_at = excluded.updated_at, completed_at = excluded.completed_at, completed_by = excluded.completed_by
    returning ${tx.unsafe(TASK_COLUMNS)}`;
  return toTask(row!);
}

export interface TaskListQuery {
  tenantId: string;
  roomId?: string;
  states?: TaskState[];
  assigneeActorId?: string;
  createdBy?: string;
  limit: number;
}

/** A tenant's tasks, newest-updated first (docs/api.md#tasks). */
export async function listTasks(sql: Sql, query: TaskListQuery): Promise<Task[]> {
  const rows = await sql<TaskRow[]>`
    select ${sql.unsafe(TASK_COLUMNS)} from tasks
     where tenant_id = ${query.tenantId}
       ${query.roomId !== undefined ? sql`and room_id = ${query.roomId}` : sql``}
       ${query.states !== undefined ? sql`and state = any(${query.states})` : sql``}
       ${query.assigneeActorId !== undefined ? sql`and assignee_actor_id = ${query.assigneeActorId}` : sql``}
       ${query.createdBy !== undefined ? sql`and created_by = ${query.createdBy}` : sql``}
     order by updated_at desc, task_id
     limit ${query.limit}`;
  return rows.map(toTask);
}

/** Records a handoff against its `task_handoff` event, so the task's list reads it by index. */
export async function insertTaskHandoff(tx: Sql, handoff: { handoffId: string; taskId: string; tenantId: string; roomId: string; action: string; initiatedBy: string; eventSequence: number; createdAt: string }): Promise<void> {
  await tx`
    insert into task_handoffs (handoff_id, task_id, tenant_id, room_id, action, initiated_by, event_sequence, created_at)
    values (${handoff.handoffId}, ${handoff.taskId}, ${handoff.tenantId}, ${handoff.roomId}, ${handoff.action}, ${handoff.initiatedBy},
            ${handoff.eventSequence}, ${handoff.createdAt})`;
}

/**
 * The `task_handoff` events of one task, filtered by task before the limit (docs/api.md#tasks
 * Decision). Settled events only, like every event read, so a cursor never skips a late commit.
 */
export async function listTaskHandoffEvents(sql: Sql, query: { taskId: string; order: 'asc' | 'desc'; cursor: number; limit: number }): Promise<EventEnvelope[]> {
  const { taskId, order, cursor, limit } = query;
  const rows = await sql<EventRow[]>`
    select ${sql.unsafe(EVENT_COLUMNS)} from events
     where sequence in (select event_sequence from task_handoffs where task_id = ${taskId})
       and tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ${order === 'asc' ? sql`and sequence > ${cursor}` : cursor > 0 ? sql`and sequence < ${cursor}` : sql``}
     order by sequence ${order === 'asc' ? sql`asc` : sql`desc`}
     limit ${limit}`;
  return rows.map(toEventEnvelope);
}
