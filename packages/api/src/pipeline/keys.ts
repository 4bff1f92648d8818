import { createHash } from 'node:crypto';

/**
 * The one home of the protocol strings the write path is keyed on.
 *
 * Idempotency scopes: stored records are keyed on `(tenantId, scope, key)`, so a scope string
 * that changes shape silently forgets every stored answer. They are kept byte for byte as the
 * contract's table spells them (docs/idempotency.md), pinned by test/keys.unit.spec.ts.
 *
 * Lock keys: advisory locks hashed from these strings. A request takes all of its keys in one
 * sorted statement, so two requests that share keys always queue in the same order and never
 * deadlock; the room-override key is the only one taken later (shared, see assert-override).
 */

export const scopes = {
  /** `POST /v1/commands/*` and `POST /v1/conversations/messages`. */
  actorCommand: (roomId: string, actorId: string, path: string) => `${roomId}:${actorId}:${path}`,
  intent: (roomId: string, actorId: string, intent: string) => `${roomId}:${actorId}:/v1/intents/execute:${intent}`,
  snapshot: (roomId: string, kind: string, actorId: string, path: string) => `${roomId}:${kind}:${actorId}:${path}`,
  heartbeat: (tenantId: string, roomId: string, actorId: string) => `${tenantId}:${roomId}:${actorId}:presence:heartbeat`,
  permissionUpsert: (tenantId: string, roomId: string, actorId: string) => `${tenantId}:permissions:${roomId}:${actorId}`,
  operatorOverride: (tenantId: string, roomId: string, action: string, targetActorId: string | undefined) =>
    `${tenantId}:${roomId}:operator-overrides:${action}:${targetActorId ?? '-'}`,
  roomUpsert: (tenantId: string, roomId: string) => `${tenantId}:rooms:${roomId}:upsert`,
  profileUpsert: (tenantId: string, actorId: string) => `${tenantId}:profiles:${actorId}:upsert`,
  /** PATCH and DELETE of a profile: the method is part of the scope. */
  profileChange: (tenantId: string, actorId: string, method: 'PATCH' | 'DELETE') => `${tenantId}:profiles:${actorId}:${method}`,
  inboxAck: (tenantId: string, actorId: string, inboxId: string) => `${tenantId}:${actorId}:inbox:${inboxId}:ack`,
  inboxBulkAck: (tenantId: string, actorId: string, roomId: string | undefined) => `${tenantId}:${actorId}:inbox:ack:${roomId ?? 'all'}`,
  /** One per room: the same key from two actors conflicts (docs/api.md#pinned-room-context). */
  roomContextPin: (tenantId: string, roomId: string) => `${tenantId}:${roomId}:room-context:pin`,
  taskCreate: (tenantId: string, roomId: string, actorId: string) => `${tenantId}:${roomId}:tasks:create:${actorId}`,
  /** The room is the task's own room, not the request's. */
  taskPatch: (tenantId: string, roomId: string, taskId: string) => `${tenantId}:${roomId}:tasks:${taskId}:patch`,
  taskHandoff: (tenantId: string, roomId: string, taskId: string) => `${tenantId}:${roomId}:tasks:${taskId}:handoff`,
  objectCreate: (tenantId: string, roomId: string, actorId: string) => `${tenantId}:${roomId}:objects:create:${actorId}`,
  objectPatch: (tenantId: string, roomId: string, objectId: string) => `${tenantId}:${roomId}:objects:${objectId}:patch`,
  reactionCreate: (tenantId: string) => `${tenantId}:reactions:create`,
  /** PATCH and DELETE of a reaction subscription, keyed on the record's tenant. */
  reactionChange: (tenantId: string, method: 'PATCH' | 'DELETE', id: string) => `${tenantId}:reactions:${method}:${id}`,
  webhookCreate: (tenantId: string) => `${tenantId}:subscriptions:create`,
  /** PATCH and DELETE of a webhook subscription, keyed on the record's tenant. */
  webhookChange: (tenantId: string, method: 'PATCH' | 'DELETE', id: string) => `${tenantId}:subscriptions:${method}:${id}`,
  dlqReplay: (tenantId: string, dlqId: string) => `${tenantId}:subscriptions:dlq-replay:${dlqId}`,
  /**
   * Not a contract scope: the reaction engine runs each (subscription, triggering event) once
   * under this key, so re-reading events after a crash never makes a reaction twice.
   */
  reactionTrigger: (subscriptionId: string, sourceEventId: string) => `reactions:trigger:${subscriptionId}:${sourceEventId}`,
  /** `POST /v1/table-sessions`: `auto` stands for an omitted roomId (docs/idempotency.md#what-a-key-covers), so a retry replays. */
  tableSessionCreate: (tenantId: string, roomId: string | undefined, ownerActorId: string) => `${tenantId}:table-sessions:create:${roomId ?? 'auto'}:${ownerActorId}`,
  tableSessionPatch: (tenantId: string, sessionId: string) => `${tenantId}:table-sessions:${sessionId}:patch`,
} as const;

export const locks = {
  /** Serialises duplicates of one key: the second waits, then replays the first's answer. */
  idempotency: (tenantId: string, scope: string, idempotencyKey: string) => `idem:${tenantId}:${scope}:${idempotencyKey}`,
  /** One writer per actor and room: presence and position are read-modify-write. */
  actor: (tenantId: string, roomId: string, actorId: string) => `actor:${tenantId}:${roomId}:${actorId}`,
  /** A room's record (upserts read, then replace it). */
  room: (tenantId: string, roomId: string) => `room:${tenantId}:${roomId}`,
  /**
   * A room's override state: operator actions hold it exclusively, checked requests shared, so
   * a request that passed the check commits before a pause or mute is acknowledged.
   */
  roomOverride: (tenantId: string, roomId: string) => `room-override:${tenantId}:${roomId}`,
  /** A permission row (flags are merged over the stored row). */
  permission: (tenantId: string, roomId: string, actorId: string) => `permission:${tenantId}:${roomId}:${actorId}`,
  profile: (tenantId: string, actorId: string) => `profile:${tenantId}:${actorId}`,
  /**
   * A room's seats: held with the other keys by every `enter` (the gate's seat cap counts the
   * seated actors of a private table), so concurrent enters into one room take seats one at a time.
   */
  tableSeats: (tenantId: string, roomId: string) => `table-seats:${tenantId}:${roomId}`,
  /** One table session (PATCH and the expiry sweep read, then replace it). */
  tableSession: (tenantId: string, sessionId: string) => `table-session:${tenantId}:${sessionId}`,
  /** The table-session expiry sweep: one instance sweeps at a time (try-lock). */
  tableSessionSweep: () => 'table-session:sweep',
  /** A snapshot series (versions are read, then the next one written). */
  snapshotSeries: (tenantId: string, roomId: string, kind: string, actorId: string | null) => `snapshot:${tenantId}:${roomId}:${kind}:${actorId ?? ''}`,
  /** A room's pinned-context versions (the next version is the previous max + 1). */
  roomContext: (tenantId: string, roomId: string) => `room-context:${tenantId}:${roomId}`,
  /** A task row: patches and handoffs read, decide and rewrite it one at a time. */
  task: (tenantId: string, taskId: string) => `task:${tenantId}:${taskId}`,
  /** A shared object row (each patch bumps `version`). */
  sharedObject: (tenantId: string, objectId: string) => `object:${tenantId}:${objectId}`,
  webhookSubscription: (id: string) => `webhook-subscription:${id}`,
  reactionSubscription: (id: string) => `reaction-subscription:${id}`,
} as const;

/**
 * The idempotency key the payment provider receives: derived from the request's own key and
 * scope, so a retried request (same key) asks the provider with the same key and cannot be
 * charged twice, while the client's key itself is never sent to a third party.
 */
export function paymentIdempotencyKey(tenantId: string, scope: string, idempotencyKey: string): string {
  return `cafe-pay-${createHash('sha256').update(`${tenantId}\u0000${scope}\u0000${idempotencyKey}`).digest('hex').slice(0, 40)}`;
}

/** The keys in the order they are taken: deduplicated and sorted. */
export function orderLockKeys(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}
