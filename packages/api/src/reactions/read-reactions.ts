import type { Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import { reactionNotFound } from './reaction-commands';
import { findReactionSubscription, listReactionSubscriptions } from './reaction-store';

/** `GET /v1/reactions/subscriptions` (docs/api.md#reaction-subscriptions): one tenant (default when absent). */
export async function readReactionSubscriptions(sql: Sql, query: QueryReader, defaultTenantId: string) {
  const subscriptions = await listReactionSubscriptions(sql, {
    tenantId: query.string('tenantId') ?? defaultTenantId,
    roomId: query.string('roomId'),
    eventType: query.string('eventType'),
    enabled: query.bool('enabled'),
    sourceActorId: query.string('sourceActorId'),
    targetActorId: query.string('targetActorId'),
  });
  return { subscriptions, count: subscriptions.length };
}

/** `GET /v1/reactions/subscriptions/{id}` (docs/api.md#reaction-subscriptions). */
export async function readReactionSubscription(sql: Sql, id: string) {
  const subscription = await findReactionSubscription(sql, id);
  if (!subscription) throw reactionNotFound(id);
  return { subscription };
}
