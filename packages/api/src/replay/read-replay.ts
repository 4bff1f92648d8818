import { queryEvents, type Sql } from '@cafe/db';
import { createRoomProjection, foldRoomEvent, PLAN_FEATURES, toRoomSnapshot, type ApiEnv } from '@cafe/shared';
import { assertGateAllows } from '../tables/assert-gate';
import type { QueryReader } from '../request/query';

const MAX_REPLAY_EVENTS = 5000;

/** Profile themes of the given actors (null for actors without a profile or theme). */
export async function findActorThemes(sql: Sql, tenantId: string, actorIds: string[]): Promise<Record<string, unknown>> {
  const themes: Record<string, unknown> = Object.fromEntries(actorIds.map((id) => [id, null]));
  if (actorIds.length === 0) return themes;
  const rows = await sql<{ actor_id: string; theme: unknown }[]>`
    select actor_id, theme from profiles where tenant_id = ${tenantId} and actor_id = any(${actorIds})`;
  for (const row of rows) themes[row.actor_id] = row.theme ?? null;
  return themes;
}

/**
 * `GET /v1/replay` (docs/api.md#event-log-reads): the room's events of the last `minutes` (at most 5000),
 * folded with the shared room projection and decorated with profile themes. In a private
 * table the same gate as the commands decides first (action `replay`, feature `replay`), with
 * `actorId` as the reader's identity.
 */
export async function readReplay(
  sql: Sql,
  query: QueryReader,
  defaults: { tenantId: string; roomId: string },
  env: Pick<ApiEnv, 'TABLE_PLAN_CATALOG_JSON' | 'TABLE_PLAN_DEFAULT_ID'>,
) {
  const tenantId = query.string('tenantId') ?? defaults.tenantId;
  const roomId = query.string('roomId') ?? defaults.roomId;
  const actorId = query.string('actorId');
  const minutes = query.int('minutes', 10, 1, 120);
  await assertGateAllows(sql, env, { tenantId, roomId, actorId, action: 'replay', rule: { kind: 'session', requiredFeature: PLAN_FEATURES.replay } });
  const toTs = new Date();
  const fromTs = new Date(toTs.getTime() - minutes * 60_000);
  const events = await queryEvents(sql, {
    tenantId,
    roomId,
    actorId,
    types: query.list('types'),
    order: 'asc',
    cursor: 0,
    limit: MAX_REPLAY_EVENTS,
    fromTs: fromTs.toISOString(),
    toTs: toTs.toISOString(),
  });
  const projection = createRoomProjection(tenantId, roomId);
  for (const event of events) foldRoomEvent(projection, event);
  const snapshot = toRoomSnapshot(projection);
  const actorIds = [...new Set([...snapshot.actors, ...snapshot.chat, ...snapshot.messages].map((item) => item.actorId))];
  const actorThemes = await findActorThemes(sql, tenantId, actorIds);
  const withTheme = <T extends { actorId: string }>(item: T) => ({ ...item, theme: actorThemes[item.actorId] ?? null });
  return {
    tenantId,
    roomId,
    window: {
      minutes,
      fromTs: fromTs.toISOString(),
      toTs: toTs.toISOString(),
      startCursor: events.length > 0 ? events[0]!.sequence : null,
      endCursor: events.length > 0 ? events[events.length - 1]!.sequence : null,
    },
    count: events.length,
    events,
    snapshot: {
      ...snapshot,
      actors: snapshot.actors.map(withTheme),
      chat: snapshot.chat.map(withTheme),
      messages: snapshot.messages.map(withTheme),
      conversationContext: { actorThemes },
    },
  };
}
