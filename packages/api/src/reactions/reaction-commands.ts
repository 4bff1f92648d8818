import { z } from 'zod';
import type { Sql } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import { getDefaults } from '../deps';
import { defineCommand, type CommandRequest } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { idField, optionalOpaqueId, parseFields } from '../request/fields';
import { patchedSubscriptionGate, subscriptionGate } from '../tables/subscription-gate';
import { buildReactionSubscription, patchReactionSubscription, type ReactionAction, type ReactionSubscription } from './reaction-subscription';
import { deleteReactionSubscription, findReactionSubscription, saveReactionSubscription } from './reaction-store';
import { parseReactionCreate, parseReactionPatch } from './validate-reaction';

export function reactionNotFound(subscriptionId: string): CafeError {
  return new CafeError('ERR_NOT_FOUND', 'Reaction subscription not found', { subscriptionId });
}

/** `POST /v1/reactions/subscriptions` (docs/api.md#reaction-subscriptions): pre-check `tenantId`, key, validation, create. 201. */
export const reactionCreateCommand = defineCommand({
  method: 'POST',
  path: '/v1/reactions/subscriptions',
  parse: ({ body }, env) => ({
    ...parseFields(z.object({ tenantId: idField('tenantId', getDefaults({ env }).tenantId), correlationId: optionalOpaqueId('correlationId') }), body),
    body,
  }),
  key: ({ tenantId, correlationId }) => ({ tenantId, correlationId, scope: scopes.reactionCreate(tenantId) }),
  validate: (pre) => ({ ...pre, fields: parseReactionCreate(pre.body) }),
  // The agent that acts in the room is the one the gate asks about.
  gateInput: ({ tenantId, fields }) => subscriptionGate(tenantId, fields.roomId, fields.targetActorId, 'reaction_subscription_create'),
  decide: ({ tenantId, fields }, _state, { now }) => ({ events: [], subscription: buildReactionSubscription(tenantId, fields, now) }),
  persist: ({ tx }, { subscription }) => saveReactionSubscription(tx, subscription),
  respond: ({ decision, correlationId }) => ({ status: 201, data: { subscription: decision.subscription, correlationId } }),
});

function parseSubject(request: CommandRequest) {
  const { correlationId } = parseFields(z.object({ correlationId: optionalOpaqueId('correlationId') }), request.body);
  return { id: request.params.id ?? '', tenantId: '', bound: { roomId: null as string | null, actorId: null as string | null, actionType: 'say' as ReactionAction }, correlationId, body: request.body };
}

/**
 * "Pre-check: exists" before the key; the record's tenant keys the request
 * (docs/idempotency.md), and its room and target agent are what the gate asks about.
 */
async function requireReaction<Pre extends ReturnType<typeof parseSubject>>(sql: Sql, pre: Pre): Promise<Pre> {
  const stored = await findReactionSubscription(sql, pre.id);
  if (!stored) throw reactionNotFound(pre.id);
  return { ...pre, tenantId: stored.tenantId, bound: { roomId: stored.roomId, actorId: stored.targetActorId, actionType: stored.actionType } };
}

async function loadReaction(tx: Sql, id: string): Promise<ReactionSubscription> {
  const stored = await findReactionSubscription(tx, id);
  if (!stored) throw reactionNotFound(id);
  return stored;
}

const changeKey = (method: 'PATCH' | 'DELETE') => <P extends { id: string; tenantId: string; correlationId?: string }>({ id, tenantId, correlationId }: P) => ({
  tenantId,
  correlationId,
  route: `/v1/reactions/subscriptions/${id}`,
  scope: scopes.reactionChange(tenantId, method, id),
  locks: [locks.reactionSubscription(id)],
});

/** `PATCH /v1/reactions/subscriptions/{id}` (docs/api.md#reaction-subscriptions): partial validation against the stored action. 200. */
export const reactionPatchCommand = defineCommand({
  method: 'PATCH',
  path: '/v1/reactions/subscriptions/:id',
  parse: (request) => parseSubject(request),
  precheck: (sql, pre) => requireReaction(sql, pre),
  key: changeKey('PATCH'),
  gate: ({ tenantId, bound }) => subscriptionGate(tenantId, bound.roomId, bound.actorId, 'reaction_subscription_update'),
  validate: (pre) => ({ ...pre, fields: parseReactionPatch(pre.body, pre.bound.actionType) }),
  gateInput: ({ tenantId, bound, fields }) => patchedSubscriptionGate(tenantId, bound, { roomId: fields.roomId, actorId: fields.targetActorId }, 'reaction_subscription_update'),
  load: ({ tx }, { id }) => loadReaction(tx, id),
  // Validated against the action read before the lock; a patch that changed it since is
  // validated again against the stored one (the room and agent fields do not depend on it).
  decide: ({ body, bound, fields }, stored, { now }) => {
    const checked = stored.actionType === bound.actionType ? fields : parseReactionPatch(body, stored.actionType);
    return { events: [], subscription: patchReactionSubscription(stored, checked, now) };
  },
  persist: ({ tx }, { subscription }) => saveReactionSubscription(tx, subscription),
  respond: ({ decision, correlationId }) => ({ status: 200, data: { subscription: decision.subscription, correlationId } }),
});

/** `DELETE /v1/reactions/subscriptions/{id}` (docs/api.md#reaction-subscriptions). 200. */
export const reactionDeleteCommand = defineCommand({
  method: 'DELETE',
  path: '/v1/reactions/subscriptions/:id',
  parse: (request) => parseSubject(request),
  precheck: (sql, pre) => requireReaction(sql, pre),
  key: changeKey('DELETE'),
  gate: ({ tenantId, bound }) => subscriptionGate(tenantId, bound.roomId, bound.actorId, 'reaction_subscription_delete'),
  load: ({ tx }, { id }) => loadReaction(tx, id),
  decide: ({ id }) => ({ events: [], subscriptionId: id }),
  persist: async ({ tx }, { subscriptionId }) => {
    await deleteReactionSubscription(tx, subscriptionId);
  },
  respond: ({ decision, correlationId }) => ({ status: 200, data: { deleted: true, subscriptionId: decision.subscriptionId, correlationId } }),
});
