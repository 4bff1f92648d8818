import type { Sql } from '@cafe/db';
import type { ReactionSubscription } from './reaction-subscription';

const COLUMNS = `id, tenant_id as "tenantId", room_id as "roomId", source_actor_id as "sourceActorId", target_actor_id as "targetActorId",
  trigger_event_types as "triggerEventTypes", action_type as "actionType", action_payload as "actionPayload", enabled,
  cooldown_ms as "cooldownMs", ignore_self as "ignoreSelf", ignore_reaction_events as "ignoreReactionEvents", metadata,
  trigger_count as "triggerCount", error_count as "errorCount", last_triggered_at as "lastTriggeredAt",
  last_source_event_id as "lastSourceEventId", last_error as "lastError", created_at as "createdAt", updated_at as "updatedAt"`;

type Row = Omit<ReactionSubscription, 'createdAt' | 'updatedAt' | 'lastTriggeredAt'> & { createdAt: Date; updatedAt: Date; lastTriggeredAt: Date | null };

function toSubscription(row: Row): ReactionSubscription {
  return {
    ...row,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    lastTriggeredAt: row.lastTriggeredAt ? new Date(row.lastTriggeredAt).toISOString() : null,
  };
}

export async function findReactionSubscription(sql: Sql, id: string): Promise<ReactionSubscription | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await sql<Row[]>`select ${sql.unsafe(COLUMNS)} from reaction_subscriptions where id = ${id}`;
  return row ? toSubscription(row) : null;
}

export interface ReactionListFilter {
  tenantId: string;
  roomId?: string;
  eventType?: string;
  enabled?: boolean;
  sourceActorId?: string;
  targetActorId?: string;
}

/** A tenant's reaction subscriptions, oldest first (docs/api.md#webhook-subscriptions applies to reactions too). */
export async function listReactionSubscriptions(sql: Sql, f: ReactionListFilter): Promise<ReactionSubscription[]> {
  const rows = await sql<Row[]>`
    select ${sql.unsafe(COLUMNS)} from reaction_subscriptions
     where tenant_id = ${f.tenantId}
       and (${f.roomId ?? null}::text is null or room_id = ${f.roomId ?? null})
       and (${f.eventType ?? null}::text is null or trigger_event_types ? ${f.eventType ?? null} or trigger_event_types ? '*')
       and (${f.enabled ?? null}::boolean is null or enabled = ${f.enabled ?? null})
       and (${f.sourceActorId ?? null}::text is null or source_actor_id = ${f.sourceActorId ?? null})
       and (${f.targetActorId ?? null}::text is null or target_actor_id = ${f.targetActorId ?? null})
     order by created_at, id`;
  return rows.map(toSubscription);
}

/** Every enabled reaction subscription (all tenants), oldest first: the engine matches against these. */
export async function listEnabledReactionSubscriptions(sql: Sql): Promise<ReactionSubscription[]> {
  const rows = await sql<Row[]>`select ${sql.unsafe(COLUMNS)} from reaction_subscriptions where enabled order by created_at, id`;
  return rows.map(toSubscription);
}

export async function saveReactionSubscription(tx: Sql, s: ReactionSubscription): Promise<void> {
  await tx`
    insert into reaction_subscriptions (id, tenant_id, room_id, source_actor_id, target_actor_id, trigger_event_types, action_type,
                                        action_payload, enabled, cooldown_ms, ignore_self, ignore_reaction_events, metadata,
                                        created_at, updated_at)
    values (${s.id}, ${s.tenantId}, ${s.roomId}, ${s.sourceActorId}, ${s.targetActorId}, ${JSON.stringify(s.triggerEventTypes)}::text::jsonb,
            ${s.actionType}, ${JSON.stringify(s.actionPayload)}::text::jsonb, ${s.enabled}, ${s.cooldownMs}, ${s.ignoreSelf},
            ${s.ignoreReactionEvents}, ${JSON.stringify(s.metadata)}::text::jsonb, ${s.createdAt}, ${s.updatedAt})
    on conflict (id) do update
       set room_id = excluded.room_id, source_actor_id = excluded.source_actor_id, target_actor_id = excluded.target_actor_id,
           trigger_event_types = excluded.trigger_event_types, action_type = excluded.action_type,
           action_payload = excluded.action_payload, enabled = excluded.enabled, cooldown_ms = excluded.cooldown_ms,
           ignore_self = excluded.ignore_self, ignore_reaction_events = excluded.ignore_reaction_events,
           metadata = excluded.metadata, updated_at = excluded.updated_at`;
}

export async function deleteReactionSubscription(tx: Sql, id: string): Promise<boolean> {
  const result = await tx`delete from reaction_subscriptions where id = ${id}`;
  return result.count > 0;
}

/** A reaction appended (docs/api.md#reaction-subscriptions step 7). */
export async function recordReactionTriggered(tx: Sql, id: string, sourceEventId: string, at: Date): Promise<void> {
  await tx`
    update reaction_subscriptions
       set trigger_count = trigger_count + 1, last_triggered_at = ${at}, last_source_event_id = ${sourceEventId},
           last_error = null, updated_at = ${at}
     where id = ${id}`;
}

/** "Record failure" (docs/api.md#reaction-subscriptions): error count, trigger and message; `lastTriggeredAt` unchanged. */
export async function recordReactionFailure(sql: Sql, id: string, sourceEventId: string, error: string): Promise<void> {
  await sql`
    update reaction_subscriptions
       set error_count = error_count + 1, last_source_event_id = ${sourceEventId}, last_error = ${error}, updated_at = now()
     where id = ${id}`;
}
