import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@cafe/shared';
import { generateWebhookSecret, maskSecret } from './sign-webhook';
import { WEBHOOK_DEFAULTS } from './retry-schedule';
import type { WebhookFields } from './validate-webhook';

/** A webhook subscription as stored and (secret aside) as on the wire (docs/api.md#webhook-subscriptions). */
export interface WebhookSubscription {
  id: string;
  tenantId: string;
  roomId: string | null;
  actorId: string | null;
  eventTypes: string[];
  targetUrl: string;
  secret: string;
  enabled: boolean;
  maxRetries: number;
  backoffMs: number;
  timeoutMs: number;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  lastDeliveredAt: string | null;
  lastError: string | null;
}

/** A new subscription from validated create fields. */
export function buildWebhookSubscription(tenantId: string, fields: WebhookFields & { targetUrl: string }, now: Date): WebhookSubscription {
  const at = now.toISOString();
  return {
    id: randomUUID(),
    tenantId,
    roomId: fields.roomId ?? null,
    actorId: fields.actorId ?? null,
    eventTypes: fields.eventTypes ?? ['*'],
    targetUrl: fields.targetUrl,
    secret: fields.secret ?? generateWebhookSecret(),
    enabled: fields.enabled ?? true,
    maxRetries: fields.maxRetries ?? WEBHOOK_DEFAULTS.maxRetries,
    backoffMs: fields.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs,
    timeoutMs: fields.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs,
    metadata: fields.metadata ?? {},
    createdAt: at,
    updatedAt: at,
    lastDeliveredAt: null,
    lastError: null,
  };
}

/** A patched subscription: present keys replace, a blank secret is regenerated, `updatedAt` bumps. */
export function patchWebhookSubscription(stored: WebhookSubscription, fields: WebhookFields, now: Date): WebhookSubscription {
  const { secret, ...rest } = fields;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return {
    ...stored,
    ...defined,
    secret: secret === undefined ? stored.secret : (secret ?? generateWebhookSecret()),
    updatedAt: now.toISOString(),
  };
}

/**
 * The subscription as shown by reads: the secret masked. It is shown in full only in the
 * answer that set it (create, or a patch that sent or regenerated it).
 */
export function toPublicSubscription(subscription: WebhookSubscription, showSecret = false): WebhookSubscription {
  return showSecret ? subscription : { ...subscription, secret: maskSecret(subscription.secret) };
}

/**
 * Matching (docs/api.md#webhook-subscriptions with its Decision): same tenant, enabled, type listed or `*`, room null or
 * equal, author null or equal. Events older than the subscription are not its business.
 */
export function matchesWebhook(subscription: WebhookSubscription, event: EventEnvelope): boolean {
  return (
    subscription.enabled &&
    subscription.tenantId === event.tenantId &&
    (subscription.eventTypes.includes('*') || subscription.eventTypes.includes(event.type)) &&
    (subscription.roomId === null || subscription.roomId === event.roomId) &&
    (subscription.actorId === null || subscription.actorId === event.actorId) &&
    event.timestamp >= subscription.createdAt
  );
}
