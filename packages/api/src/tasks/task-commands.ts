import { z } from 'zod';
import { PLAN_FEATURES, type ApiEnv } from '@cafe/shared';
import type { Sql } from '@cafe/db';
import { summariseEmitted } from '../events/new-event';
import { defineCommand, type CommandRequest } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { parseRecordActor, roomActorFields } from '../request/acting-subject';
import { lenientObject, lenientString, parseFields } from '../request/fields';
import { decideHandoff } from './decide-handoff';
import { decideTaskCreate, decideTaskPatch } from './decide-task';
import { requireTask } from './read-tasks';
import { insertTaskHandoff, saveTask } from './task-store';
import { parseTaskCreate, parseTaskPatch } from './validate-task';

/**
 * `POST /v1/tasks` (docs/tasks.md): ids are the only pre-checks; then idempotency, the
 * private-table gate (feature `task_board`), the override check (`task_create`: a paused room takes no new tasks), then field validation.
 */
export const taskCreateCommand = defineCommand({
  method: 'POST',
  path: '/v1/tasks',
  parse: ({ body }, env) => ({ ...parseFields(z.object(roomActorFields(env)), body), body }),
  key: ({ tenantId, roomId, actorId, correlationId }) => ({ tenantId, roomId, actorId, correlationId, scope: scopes.taskCreate(tenantId, roomId, actorId) }),
  gate: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'task_create', rule: { kind: 'session', requiredFeature: PLAN_FEATURES.taskBoard } }),
  override: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'task_create' }),
  validate: (pre) => ({ ...pre, fields: parseTaskCreate(pre.body) }),
  decide: ({ tenantId, roomId, actorId, fields }, _state, { correlationId, now }) => decideTaskCreate({ tenantId, roomId, correlationId, now }, actorId, fields),
  persist: ({ tx }, { task }) => saveTask(tx, task),
  respond: ({ persisted, appended, correlationId }) => ({ status: 201, data: { task: persisted, emittedEvents: summariseEmitted(appended), correlationId } }),
});

/** The subject of a request on one task: its id from the path, the tenant from the body, the query or the default. */
function parseTaskSubject(request: CommandRequest, env: ApiEnv) {
  // `roomId` is the task's own room, filled in by the pre-check that finds the task.
  return { ...parseRecordActor(request, env), taskId: request.params.taskId ?? '', roomId: '', body: request.body };
}

/**
 * The task must exist before the key check (404), and its room names the idempotency scope
 * and the override check. A task never changes room, so the room read here stays true.
 */
async function withTaskRoom<Pre extends { tenantId: string; taskId: string }>(sql: Sql, pre: Pre): Promise<Pre & { roomId: string }> {
  const task = await requireTask(sql, pre.tenantId, pre.taskId);
  return { ...pre, taskId: task.taskId, roomId: task.roomId };
}

/**
 * `PATCH /v1/tasks/{id}` (docs/tasks.md): 404 before the key; then idempotency, the
 * override check (`task_update`), partial validation. Patches of one task queue on its lock,
 * so each one decides on the state the previous one left.
 */
export const taskPatchCommand = defineCommand({
  method: 'PATCH',
  path: '/v1/tasks/:taskId',
  parse: parseTaskSubject,
  precheck: (sql, pre) => withTaskRoom(sql, pre),
  key: ({ tenantId, roomId, actorId, taskId, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    route: `/v1/tasks/${taskId}`,
    scope: scopes.taskPatch(tenantId, roomId, taskId),
    locks: [locks.task(tenantId, taskId)],
  }),
  gate: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'task_update', rule: { kind: 'session', requiredFeature: PLAN_FEATURES.taskBoard } }),
  override: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'task_update' }),
  validate: (pre) => ({ ...pre, fields: parseTaskPatch(pre.body) }),
  load: ({ tx }, { tenantId, taskId }) => requireTask(tx, tenantId, taskId),
  decide: ({ tenantId, roomId, actorId, fields }, task, { correlationId, now }) => decideTaskPatch({ tenantId, roomId, correlationId, now }, task, actorId, fields),
  persist: ({ tx }, { task }) => saveTask(tx, task),
  respond: ({ persisted, appended, correlationId }) => ({ status: 200, data: { task: persisted, emittedEvents: summariseEmitted(appended), correlationId } }),
});

/**
 * `POST /v1/tasks/{id}/handoffs` (docs/tasks.md): 404 before the key; then idempotency,
 * the override check (`task_update`), and the handoff rules under the task's lock, so of two
 * agents accepting the same task at once exactly one gets it.
 */
export const taskHandoffCommand = defineCommand({
  method: 'POST',
  path: '/v1/tasks/:taskId/handoffs',
  parse: (request, env) => {
    const subject = parseTaskSubject(request, env);
    const { body } = request;
    return {
      ...subject,
      handoff: {
        actorId: subject.actorId,
        action: body.action,
        toAssigneeActorId: lenientString(body.toAssigneeActorId) ?? null,
        note: lenientString(body.note) ?? null,
        blockedReason: lenientString(body.blockedReason) ?? null,
        threadId: lenientString(body.threadId) ?? null,
        replyToEventId: lenientString(body.replyToEventId) ?? null,
        metadata: lenientObject(body.metadata) ?? {},
      },
    };
  },
  precheck: (sql, pre) => withTaskRoom(sql, pre),
  key: ({ tenantId, roomId, actorId, taskId, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    route: `/v1/tasks/${taskId}/handoffs`,
    scope: scopes.taskHandoff(tenantId, roomId, taskId),
    locks: [locks.task(tenantId, taskId)],
  }),
  gate: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'task_handoff', rule: { kind: 'session', requiredFeature: PLAN_FEATURES.taskBoard } }),
  override: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'task_update' }),
  load: ({ tx }, { tenantId, taskId }) => requireTask(tx, tenantId, taskId),
  decide: ({ tenantId, roomId, handoff }, task, { correlationId, now }) => decideHandoff({ tenantId, roomId, correlationId, now }, task, handoff),
  persist: async ({ tx, now }, { task, handoff }, appended) => {
    const handoffEvent = appended[appended.length - 1]!;
    const [saved] = await Promise.all([
      saveTask(tx, task),
      insertTaskHandoff(tx, {
        handoffId: handoff.handoffId,
        taskId: task.taskId,
        tenantId: task.tenantId,
        roomId: task.roomId,
        action: handoff.action,
        initiatedBy: handoff.initiatedBy,
        eventSequence: handoffEvent.sequence,
        createdAt: now.toISOString(),
      }),
    ]);
    return saved;
  },
  respond: ({ decision, persisted, appended, correlationId }) => ({
    status: 200,
    data: { task: persisted, handoff: decision.handoff, emittedEvents: summariseEmitted(appended), correlationId },
  }),
});
