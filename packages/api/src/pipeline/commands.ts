import { conversationMessageCommand, enterCommand, leaveCommand, moveCommand, orderCommand, sayCommand } from '../commands/actor-commands';
import { inboxAckCommand, inboxBulkAckCommand } from '../inbox/inbox-ack-commands';
import { intentCommand } from '../intents/intent-command';
import { reactionCreateCommand, reactionDeleteCommand, reactionPatchCommand } from '../reactions/reaction-commands';
import { overrideCommand } from '../operator/override-command';
import { permissionUpsertCommand } from '../permissions/permission-command';
import { heartbeatCommand } from '../presence/heartbeat-command';
import { profileDeleteCommand, profilePatchCommand, profileUpsertCommand } from '../profiles/profile-commands';
import { roomUpsertCommand } from '../rooms/room-upsert-command';
import { snapshotCommand } from '../snapshots/snapshot-commands';
import { objectCreateCommand, objectPatchCommand } from '../objects/object-commands';
import { pinCommand } from '../room-context/pin-command';
import { taskCreateCommand, taskHandoffCommand, taskPatchCommand } from '../tasks/task-commands';
import { dlqReplayCommand, webhookCreateCommand, webhookDeleteCommand, webhookPatchCommand } from '../webhooks/webhook-commands';
import { tableSessionCreateCommand, tableSessionPatchCommand } from '../tables/table-session-commands';
import type { AnyCommand } from './command';

/**
 * Every mutating endpoint of the API. The server mounts each one (plugins/05.commands.ts) and
 * the OpenAPI document reads the same list, so a command exists in both or in neither.
 */
export const COMMANDS: readonly AnyCommand[] = [
  enterCommand,
  leaveCommand,
  moveCommand,
  sayCommand,
  orderCommand,
  conversationMessageCommand,
  intentCommand,
  heartbeatCommand,
  inboxAckCommand,
  inboxBulkAckCommand,
  profileUpsertCommand,
  profilePatchCommand,
  profileDeleteCommand,
  permissionUpsertCommand,
  roomUpsertCommand,
  tableSessionCreateCommand,
  tableSessionPatchCommand,
  snapshotCommand,
  overrideCommand,
  pinCommand,
  taskCreateCommand,
  taskPatchCommand,
  taskHandoffCommand,
  objectCreateCommand,
  objectPatchCommand,
  reactionCreateCommand,
  reactionPatchCommand,
  reactionDeleteCommand,
  webhookCreateCommand,
  webhookPatchCommand,
  webhookDeleteCommand,
  dlqReplayCommand,
];
