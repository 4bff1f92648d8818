import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import { getDefaults } from '../deps';
import { findIdempotencyRecord } from '../idempotency/idempotency-store';
import { defineCommand, type CommandRequest } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { idField, optionalOpaqueId, parseFields } from '../request/fields';
import { assertPublicTarget } from './check-target';
import { replayDlqEntry, type ReplayOutcome } from './replay-dlq-entry';
import { patchedSubscriptionGate, subscriptionGate } from '../tables/subscription-gate';
import { isSsrfGuardOn } from './ssrf-guard';
import { deleteWebhookSubscription, findWebhookSubscription, saveWebhookSubscription } from './store/subscription-store';
import { parseWebhookCreate, parseWebhookPatch } from './validate-webhook';
import { buildWebhookSubscription, patchWebhookSubscription, toPublicSubscription, type WebhookSubscription } from './webhook-subscription';

export function subscriptionNotFound(subscriptionId: string): CafeError {
  return new CafeError('ERR_NOT_FOUND', 'Subscription not found', { subscriptionId });
}

const envelopeSchema = (fallbackTenant: string) => z.object({ tenantId: idField('tenantId', fallbackTenant), correlationId: optionalOpaqueId('correlationId') });

/** The SSRF guard's create/patch half, when it is on (ssrf-guard.ts). */
async function checkTarget(env: Parameters<typeof isSsrfGuardOn>[0], targetUrl: string | undefined) {
  if (targetUrl !== undefined && isSsrfGuardOn(env)) await assertPublicTarget(targetUrl);
}

/** `POST /v1/subscriptions` (docs/api.md#webhook-subscriptions): pre-check `tenantId`, key, validation, create. 201. */
export const webhookCreateCommand = defineCommand({
  method: 'POST',
  path: '/v1/subscriptions',
  parse: ({ body }, env) => ({ ...parseFields(envelopeSchema(getDefaults({ env }).tenantId), body), body }),
  key: ({ tenantId, correlationId }) => ({ tenantId, correlationId, scope: scopes.webhookCreate(tenantId) }),
  validate: (pre) => ({ ...pre, fields: parseWebhookCreate(pre.body) }),
  gateInput: ({ tenantId, fields }) => subscriptionGate(tenantId, fields.roomId, fields.actorId, 'event_subscription_create'),
  load: ({ env }, { fields }) => checkTarget(env, fields.targetUrl),
  decide: ({ tenantId, fields }, _state, { now }) => ({ events: [], subscription: buildWebhookSubscription(tenantId, fields, now) }),
  persist: ({ tx }, { subscription }) => saveWebhookSubscription(tx, subscription),
  // The only answer that shows the generated secret in full.
  respond: ({ decision, correlationId }) => ({ status: 201, data: { subscription: toPublicSubscription(decision.subscription, true), correlationId } }),
});

/**
 * PATCH/DELETE subject: the path id; the scope uses the stored record's tenant
 * (docs/idempotency.md), and the gate its room and agent.
 */
function parseSubject(request: CommandRequest) {
  const { correlationId } = parseFields(z.object({ correlationId: optionalOpaqueId('correlationId') }), request.body);
  return { id: request.params.id ?? '', tenantId: '', bound: { roomId: null as string | null, actorId: null as string | null }, correlationId, body: request.body };
}

/** A PATCH/DELETE's key: its scope names the method and the subscription, whose lock it holds. */
const changeKey =
  (method: 'PATCH' | 'DELETE') =>
  <Pre extends { id: string; tenantId: string; correlationId?: string }>({ id, tenantId, correlationId }: Pre) => ({
    tenantId,
    correlationId,
    route: `/v1/subscriptions/${id}`,
    scope: scopes.webhookChange(tenantId, method, id),
    locks: [locks.webhookSubscription(id)],
  });

/** "Pre-check exists": 404 before the key; the record's tenant keys the request. */
async function requireSubscription<Pre extends ReturnType<typeof parseSubject>>(sql: Sql, pre: Pre): Promise<Pre> {
  const stored = await findWebhookSubscription(sql, pre.id);
  if (!stored) throw subscriptionNotFound(pre.id);
  return { ...pre, tenantId: stored.tenantId, bound: { roomId: stored.roomId, actorId: stored.actorId } };
}

/** Re-read under the lock: a concurrent DELETE may have won since the pre-check. */
async function loadSubscription(tx: Sql, id: string): Promise<WebhookSubscription> {
  const stored = await findWebhookSubscription(tx, id);
  if (!stored) throw subscriptionNotFound(id);
  return stored;
}

/** `PATCH /v1/subscriptions/{id}` (docs/api.md#webhook-subscriptions): partial validation; patchable keys only. 200. */
export const webhookPatchCommand = defineCommand({
  method: 'PATCH',
  path: '/v1/subscriptions/:id',
  parse: (request) => parseSubject(request),
  precheck: (sql, pre) => requireSubscription(sql, pre),
  key: changeKey('PATCH'),
  gate: ({ tenantId, bound }) => subscriptionGate(tenantId, bound.roomId, bound.actorId, 'event_subscription_update'),
  validate: (pre) => ({ ...pre, fields: parseWebhookPatch(pre.body) }),
  gateInput: ({ tenantId, bound, fields }) => patchedSubscriptionGate(tenantId, bound, fields, 'event_subscription_update'),
  load: async ({ tx, env }, { id, fields }) => {
    const stored = await loadSubscription(tx, id);
    await checkTarget(env, fields.targetUrl);
    return stored;
  },
  decide: ({ fields }, stored, { now }) => ({ events: [], subscription: patchWebhookSubscription(stored, fields, now), secretSet: fields.secret !== undefined }),
  persist: ({ tx }, { subscription }) => saveWebhookSubscription(tx, subscription),
  // A patch that set or regenerated the secret shows it once; otherwise it stays masked.
  respond: ({ decision, correlationId }) => ({ status: 200, data: { subscription: toPublicSubscription(decision.subscription, decision.secretSet), correlationId } }),
});

/** `DELETE /v1/subscriptions/{id}` (docs/api.md#webhook-subscriptions): its schedule, log and DLQ go with it. 200. */
export const webhookDeleteCommand = defineCommand({
  method: 'DELETE',
  path: '/v1/subscriptions/:id',
  parse: (request) => parseSubject(request),
  precheck: (sql, pre) => requireSubscription(sql, pre),
  key: changeKey('DELETE'),
  gate: ({ tenantId, bound }) => subscriptionGate(tenantId, bound.roomId, bound.actorId, 'event_subscription_delete'),
  load: ({ tx }, { id }) => loadSubscription(tx, id),
  decide: ({ id }) => ({ events: [], subscriptionId: id }),
  persist: async ({ tx }, { subscriptionId }) => {
    await deleteWebhookSubscription(tx, subscriptionId);
  },
  respond: ({ decision, correlationId }) => ({ status: 200, data: { deleted: true, subscriptionId: decision.subscriptionId, correlationId } }),
});

/**
 * `POST /v1/subscriptions/dlq/{dlqId}/replay` (docs/api.md#webhook-subscriptions): synchronous redelivery. The delivery is
 * HTTP and may take the whole retry schedule, so it runs before the transaction (every write
 * of a commit group waits for its slowest member), through the pool: its attempts and the
 * entry's update are facts whatever happens next. It runs only with a key and only when that
 * key has no stored answer yet, so a retried request replays the first answer instead of
 * redelivering. `decide` turns the outcome into the answer: 202, or 400 `DLQ replay failed`
 * with the last error (nothing stored, so the same key may try again).
 */
export const dlqReplayCommand = defineCommand({
  method: 'POST',
  path: '/v1/subscriptions/dlq/:dlqId/replay',
  parse: (request, env) => ({
    ...parseFields(envelopeSchema(getDefaults({ env }).tenantId), request.body),
    dlqId: request.params.dlqId ?? '',
    guard: isSsrfGuardOn(env),
    outcome: null as ReplayOutcome | null,
  }),
  precheck: async (sql, pre, { idempotencyKey }) => {
    if (!idempotencyKey) return pre;
    const stored = await findIdempotencyRecord(sql, { tenantId: pre.tenantId, scope: scopes.dlqReplay(pre.tenantId, pre.dlqId), idempotencyKey }, new Date());
    if (stored) return pre;
    const correlationId = pre.correlationId ?? randomUUID();
    const outcome = await replayDlqEntry(sql, pre.dlqId, { guard: pre.guard, correlationId });
    return { ...pre, correlationId, outcome };
  },
  key: ({ tenantId, dlqId, correlationId }) => ({ tenantId, correlationId, route: `/v1/subscriptions/dlq/${dlqId}/replay`, scope: scopes.dlqReplay(tenantId, dlqId) }),
  decide: ({ outcome }, _state, { correlationId }) => {
    if (!outcome) throw new CafeError('ERR_INTERNAL', 'DLQ replay did not run');
    if (outcome.error !== null) throw new CafeError('ERR_VALIDATION', 'DLQ replay failed', { dlqId: outcome.dlqId, correlationId, error: outcome.error });
    return { events: [], replay: { ok: true, dlqId: outcome.dlqId, eventId: outcome.eventId, subscriptionId: outcome.subscriptionId, error: null } };
  },
  respond: ({ decision, correlationId }) => ({ status: 202, data: { replay: decision.replay, correlationId } }),
});
