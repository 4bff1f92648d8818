import { CafeError } from '@cafe/shared';
import { TASK_FIELDS, TASK_STATES, toTaskState, type TaskField, type TaskState } from './task';

/** The task fields a request gave, validated (docs/api.md#tasks table); absent fields are absent. */
export interface TaskFieldValues {
  title?: string;
  description?: string | null;
  state?: TaskState;
  assigneeActorId?: string | null;
  progress?: number;
  metadata?: Record<string, unknown>;
}

function readTitle(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: title', { field: 'title' });
  return value.trim();
}

function readNullableString(field: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw new CafeError('ERR_VALIDATION', `${field} must be a string or null`, { field });
  return value;
}

/** A task state; anything else → ERR_INVALID_ENUM with the allowed values. */
export function readTaskState(value: unknown, field = 'state'): TaskState {
  const state = toTaskState(value);
  if (!state) throw new CafeError('ERR_INVALID_ENUM', `${field} must be one of ${TASK_STATES.join(', ')}`, { field, value, allowed: [...TASK_STATES] });
  return state;
}

function readAssignee(value: unknown): string | null {
  const assignee = readNullableString('assigneeActorId', value);
  return assignee === null || assignee.trim() === '' ? null : assignee.trim();
}

function readProgress(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new CafeError('ERR_VALIDATION', 'progress must be a number', { field: 'progress' });
  const rounded = Math.round(value);
  if (rounded < 0 || rounded > 100) throw new CafeError('ERR_OUT_OF_BOUNDS', 'progress must be between 0 and 100', { field: 'progress', min: 0, max: 100, value });
  return rounded;
}

function readMetadata(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CafeError('ERR_VALIDATION', 'metadata must be an object', { field: 'metadata' });
  return value as Record<string, unknown>;
}

const READERS: { [F in TaskField]: (value: unknown) => TaskFieldValues[F] } = {
  title: readTitle,
  description: (value) => readNullableString('description', value),
  state: (value) => readTaskState(value),
  assigneeActorId: readAssignee,
  progress: readProgress,
  metadata: readMetadata,
};

function readGivenFields(body: Record<string, unknown>): TaskFieldValues {
  const values: Record<string, unknown> = {};
  for (const field of TASK_FIELDS) if (body[field] !== undefined) values[field] = READERS[field](body[field]);
  return values as TaskFieldValues;
}

/** `POST /v1/tasks` fields: `title` required, every other field optional. */
export function parseTaskCreate(body: Record<string, unknown>): TaskFieldValues & { title: string } {
  const values = readGivenFields(body);
  return { ...values, title: readTitle(body.title) };
}

/** `PATCH /v1/tasks/{id}` fields: at least one, else ERR_VALIDATION listing them. */
export function parseTaskPatch(body: Record<string, unknown>): TaskFieldValues {
  const values = readGivenFields(body);
  if (Object.keys(values).length === 0) {
    throw new CafeError('ERR_VALIDATION', `At least one of ${TASK_FIELDS.join(', ')} is required`, { fields: [...TASK_FIELDS] });
  }
  return values;
}
