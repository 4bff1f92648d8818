export const TASK_STATES = ['open', 'active', 'done'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** The fields a task write may carry (docs/api.md#tasks), in the order error details list them. */
export const TASK_FIELDS = ['title', 'description', 'state', 'assigneeActorId', 'progress', 'metadata'] as const;
export type TaskField = (typeof TASK_FIELDS)[number];

/** The Task resource of docs/api.md#resources. */
export interface Task {
  taskId: string;
  tenantId: string;
  roomId: string;
  title: string;
  description: string | null;
  state: TaskState;
  createdBy: string;
  assigneeActorId: string | null;
  progress: number;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  completedBy: string | null;
}

export interface TaskRow {
  task_id: string;
  tenant_id: string;
  room_id: string;
  title: string;
  description: string | null;
  state: string;
  created_by: string;
  assignee_actor_id: string | null;
  progress: number;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
}

export const TASK_COLUMNS =
  'task_id, tenant_id, room_id, title, description, state, created_by, assignee_actor_id, progress, metadata, created_at, updated_at, completed_at, completed_by';

/** Maps a tasks row to the wire shape. */
export function toTask(row: TaskRow): Task {
  return {
    taskId: row.task_id,
    tenantId: row.tenant_id,
    roomId: row.room_id,
    title: row.title,
    description: row.description,
    state: row.state as TaskState,
    createdBy: row.created_by,
    assigneeActorId: row.assignee_actor_id,
    progress: row.progress,
    metadata: row.metadata ?? {},
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
    completedBy: row.completed_by,
  };
}

/** A task state (trimmed, lower-cased) or undefined when not one of the three. */
export function toTaskState(value: unknown): TaskState | undefined {
  if (typeof value !== 'string') return undefined;
  const lowered = value.trim().toLowerCase();
  return (TASK_STATES as readonly string[]).includes(lowered) ? (lowered as TaskState) : undefined;
}
