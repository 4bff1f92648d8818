import { conversationMessageCommand, enterCommand, leaveCommand, moveCommand, orderCommand, sayCommand } from '../../src/commands/actor-commands';
import type { CommandAction } from '../../src/commands/parse-command';
import { createCommitGroup } from '../../src/mutation/commit-group';
import type { AnyCommand } from '../../src/pipeline/command';
import { runCommand } from '../../src/pipeline/run-command';
import { heartbeatCommand } from '../../src/presence/heartbeat-command';
import { profileDeleteCommand, profilePatchCommand, profileUpsertCommand } from '../../src/profiles/profile-commands';
import { readQueryValues } from '../../src/request/query';
import { roomUpsertCommand } from '../../src/rooms/room-upsert-command';
import type { ApiRuntime } from '../../src/runtime';
import { snapshotCommand } from '../../src/snapshots/snapshot-commands';
import { objectCreateCommand, objectPatchCommand } from '../../src/objects/object-commands';
import { pinCommand } from '../../src/room-context/pin-command';
import { overrideCommand } from '../../src/operator/override-command';
import { permissionUpsertCommand } from '../../src/permissions/permission-command';
import { taskCreateCommand, taskHandoffCommand, taskPatchCommand } from '../../src/tasks/task-commands';
import type { SnapshotKind } from '../../src/snapshots/snapshot';
import { intentCommand } from '../../src/intents/intent-command';
import { tableSessionCreateCommand, tableSessionPatchCommand } from '../../src/tables/table-session-commands';
import { webhookCreateCommand, webhookDeleteCommand, webhookPatchCommand } from '../../src/webhooks/webhook-commands';
import { reactionCreateCommand, reactionDeleteCommand, reactionPatchCommand } from '../../src/reactions/reaction-commands';

/**
 * Integration tests drive command modules through the real runner (the same one the HTTP
 * handler calls), without HTTP: these wrappers turn a test's request into a CommandRequest.
 */
interface TestRequest {
  body: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | undefined;
}

function run(runtime: ApiRuntime, command: AnyCommand, request: TestRequest, extra: { params?: Record<string, string>; query?: Record<string, string | undefined> } = {}) {
  const sql = runtime.db.sql!;
  const deps = { sql, group: createCommitGroup({ sql, maxSize: 1 }), env: runtime.env, logger: runtime.logger, unread: runtime.unread, moderation: runtime.moderation };
  return runCommand(
    deps,
    command,
    { body: request.body, params: extra.params ?? {}, query: readQueryValues(extra.query ?? {}), requestId: request.requestId, callerRole: 'agent' },
    request.idempotencyKey,
  );
}

const ACTOR_COMMANDS: Record<CommandAction, AnyCommand> = {
  enter: enterCommand,
  leave: leaveCommand,
  move: moveCommand,
  say: sayCommand,
  order: orderCommand,
  conversation_message: conversationMessageCommand,
};

export const executeCommand = (runtime: ApiRuntime, request: TestRequest & { action: CommandAction; route?: string }) => run(runtime, ACTOR_COMMANDS[request.action], request);
export const executeHeartbeat = (runtime: ApiRuntime, request: TestRequest) => run(runtime, heartbeatCommand, request);
export const upsertRoom = (runtime: ApiRuntime, request: TestRequest) => run(runtime, roomUpsertCommand, request);
export const createSnapshot = (runtime: ApiRuntime, request: TestRequest & { kind: SnapshotKind }) => run(runtime, snapshotCommand, request, { params: { kind: request.kind } });
export const upsertProfile = (runtime: ApiRuntime, request: TestRequest) => run(runtime, profileUpsertCommand, request);

type ProfileSubjectRequest = TestRequest & { actorId: string; queryTenantId?: string };
export const patchProfile = (runtime: ApiRuntime, request: ProfileSubjectRequest) =>
  run(runtime, profilePatchCommand, request, { params: { actorId: request.actorId }, query: { tenantId: request.queryTenantId } });
export const removeProfile = (runtime: ApiRuntime, request: ProfileSubjectRequest) =>
  run(runtime, profileDeleteCommand, { ...request, body: {} }, { params: { actorId: request.actorId }, query: { tenantId: request.queryTenantId } });

type SubjectQuery = { queryTenantId?: string };
export const createTask = (runtime: ApiRuntime, request: TestRequest) => run(runtime, taskCreateCommand, request);
export const patchTask = (runtime: ApiRuntime, request: TestRequest & SubjectQuery & { taskId: string }) =>
  run(runtime, taskPatchCommand, request, { params: { taskId: request.taskId }, query: { tenantId: request.queryTenantId } });
export const handoffTask = (runtime: ApiRuntime, request: TestRequest & SubjectQuery & { taskId: string }) =>
  run(runtime, taskHandoffCommand, request, { params: { taskId: request.taskId }, query: { tenantId: request.queryTenantId } });
export const createObject = (runtime: ApiRuntime, request: TestRequest) => run(runtime, objectCreateCommand, request);
export const patchObject = (runtime: ApiRuntime, request: TestRequest & SubjectQuery & { objectId: string }) =>
  run(runtime, objectPatchCommand, request, { params: { objectId: request.objectId }, query: { tenantId: request.queryTenantId } });
export const pinContext = (runtime: ApiRuntime, request: TestRequest) => run(runtime, pinCommand, request);
export const upsertPermission = (runtime: ApiRuntime, request: TestRequest) => run(runtime, permissionUpsertCommand, request);
export const applyOverride = (runtime: ApiRuntime, request: TestRequest) => run(runtime, overrideCommand, request);
export const executeIntent = (runtime: ApiRuntime, request: TestRequest) => run(runtime, intentCommand, request);
export const createTableSession = (runtime: ApiRuntime, request: TestRequest) => run(runtime, tableSessionCreateCommand, request);
export const patchTableSession = (runtime: ApiRuntime, request: TestRequest & { sessionId: string }) =>
  run(runtime, tableSessionPatchCommand, request, { params: { sessionId: request.sessionId } });
export const createWebhookSubscription = (runtime: ApiRuntime, request: TestRequest) => run(runtime, webhookCreateCommand, request);
export const patchWebhookSubscription = (runtime: ApiRuntime, request: TestRequest & { id: string }) => run(runtime, webhookPatchCommand, request, { params: { id: request.id } });
export const deleteWebhookSubscription = (runtime: ApiRuntime, request: TestRequest & { id: string }) => run(runtime, webhookDeleteCommand, request, { params: { id: request.id } });
export const createReactionSubscription = (runtime: ApiRuntime, request: TestRequest) => run(runtime, reactionCreateCommand, request);
export const patchReactionSubscription = (runtime: ApiRuntime, request: TestRequest & { id: string }) => run(runtime, reactionPatchCommand, request, { params: { id: request.id } });
export const deleteReactionSubscription = (runtime: ApiRuntime, request: TestRequest & { id: string }) => run(runtime, reactionDeleteCommand, request, { params: { id: request.id } });
