import type { Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import { subscriptionNotFound } from './webhook-commands';
import { listDeliveries } from './store/delivery-log-store';
import { listDlqEntries, toPublicDlqEntry } from './store/dlq-store';
import { findWebhookSubscription, listWebhookSubscriptions } from './store/subscription-store';
import { toPublicSubscription } from './webhook-subscription';

/** `GET /v1/subscriptions` (docs/api.md#webhook-subscriptions): no tenant filter unless one is given; secrets masked. */
export async function readWebhookSubscriptions(sql: Sql, query: QueryReader) {
  const subscriptions = await listWebhookSubscriptions(sql, {
    tenantId: query.string('tenantId'),
    roomId: query.string('roomId'),
    eventType: query.string('eventType'),
    enabled: query.bool('enabled'),
  });
  return { subscriptions: subscriptions.map((subscription) => toPublicSubscription(subscription)), count: subscriptions.length };
}

/** `GET /v1/subscriptions/{id}` (docs/api.md#webhook-subscriptions). */
export async function readWebhookSubscription(sql: Sql, id: string) {
  const subscription = await findWebhookSubscription(sql, id);
  if (!subscription) throw subscriptionNotFound(id);
  return { subscription: toPublicSubscription(subscription) };
}

/** `GET /v1/subscriptions/dlq` (docs/api.md#webhook-subscriptions): newest first, all tenants. */
export async function readDlq(sql: Sql, query: QueryReader) {
  const dlq = (await listDlqEntries(sql, query.int('limit', 100, 1, 1000))).map(toPublicDlqEntry);
  return { dlq, count: dlq.length };
}

/** `GET /v1/subscriptions/deliveries` (docs/api.md#webhook-subscriptions): newest first. */
export async function readDeliveries(sql: Sql, query: QueryReader) {
  const deliveries = await listDeliveries(sql, {
    subscriptionId: query.string('subscriptionId'),
    eventId: query.string('eventId'),
    success: query.bool('success'),
    limit: query.int('limit', 200, 1, 10_000),
  });
  return { deliveries, count: deliveries.length };
}
