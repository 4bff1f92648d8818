import { createHmac, randomBytes } from 'node:crypto';

/** Prefix of Standard Webhooks secrets: the rest is the base64 of the key bytes. */
export const STANDARD_SECRET_PREFIX = 'whsec_';

/** A new subscription secret in the Standard Webhooks form, so its libraries accept it as is. */
export function generateWebhookSecret(): string {
  return `${STANDARD_SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

/**
 * The HMAC key a Standard Webhooks receiver derives from a secret: the base64-decoded part after
 * `whsec_`; a secret without the prefix (an older or hand-chosen one) is used as its UTF-8 bytes.
 */
export function standardSigningKey(secret: string): Buffer {
  return secret.startsWith(STANDARD_SECRET_PREFIX) ? Buffer.from(secret.slice(STANDARD_SECRET_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** `x-agentcafe-signature`: lower-case hex HMAC-SHA256 of the body bytes, keyed with the secret string (docs/api.md#webhook-subscriptions). */
export function signAgentcafe(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** `webhook-signature`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (Standard Webhooks). */
export function signStandard(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', standardSigningKey(secret)).update(`${webhookId}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${digest}`;
}

export type DeliverySource = 'live' | 'dlq_replay';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * The request of one attempt: the body `{"event": …}` serialised once, both signatures over
 * exactly those bytes. The `webhook-id` is the delivery's, not the attempt's, so a receiver
 * can drop retries it already handled.
 */
export function buildSignedRequest(input: {
  secret: string;
  webhookId: string;
  subscriptionId: string;
  source: DeliverySource;
  event: { eventId: string; type: string };
  now: Date;
}): SignedRequest {
  const body = JSON.stringify({ event: input.event });
  const timestamp = Math.floor(input.now.getTime() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-agentcafe-signature': signAgentcafe(input.secret, body),
      'x-agentcafe-event-id': input.event.eventId,
      'x-agentcafe-event-type': input.event.type,
      'x-agentcafe-subscription-id': input.subscriptionId,
      'x-agentcafe-delivery-source': input.source,
      'webhook-id': input.webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandard(input.secret, input.webhookId, timestamp, body),
    },
  };
}

/** How a secret is shown after create: never in full (the tail helps tell two apart). */
export function maskSecret(secret: string): string {
  const prefix = secret.startsWith(STANDARD_SECRET_PREFIX) ? STANDARD_SECRET_PREFIX : '';
  return secret.length >= 16 ? `${prefix}…${secret.slice(-4)}` : `${prefix}…`;
}
