import { queryEvents, type Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import { foldLastSeen, joinPresence, resolveScanLimit } from './fold-last-seen';
import { findPresence, listPresence, listPresenceOfActors } from './presence-store';

/**
 * `GET /v1/presence` (docs/api.md#presence): with `roomId` and `actorId` one `{ presence }` (null when
 * none, still 200), else `{ presence: [...], count }` newest-updated first.
 */
export async function readPresence(sql: Sql, query: QueryReader, defaultTenantId: string) {
  const tenantId = query.string('tenantId') ?? defaultTenantId;
  const roomId = query.string('roomId');
  const actorId = query.string('actorId');
  if (roomId !== undefined && actorId !== undefined) return { presence: await findPresence(sql, tenantId, roomId, actorId) };
  const presence = await listPresence(sql, { tenantId, roomId, actorId, active: query.bool('active'), limit: query.int('limit', 200, 1, 1000) });
  return { presence, count: presence.length };
}

/**
 * `GET /v1/presence/last-seen` (docs/api.md#presence, docs/policies.md#last-seen): derived from the newest
 * `scanLimit` events, not from presence; presence fields joined only when a room is named.
 */
export async function readLastSeen(sql: Sql, query: QueryReader, defaultTenantId: string) {
  const tenantId = query.string('tenantId') ?? defaultTenantId;
  const roomId = query.string('roomId');
  const actorId = query.string('actorId');
  const includeSystemActors = query.bool('includeSystemActors') ?? false;
  const limit = query.int('limit', 100, 1, 1000);
  const rawScan = query.int('scanLimit', Number.NaN, 1, Number.MAX_SAFE_INTEGER);
  const scanLimit = resolveScanLimit(Number.isNaN(rawScan) ? undefined : rawScan, limit);
  const events = await queryEvents(sql, { tenantId, roomId, actorId, order: 'desc', cursor: 0, limit: scanLimit });
  const folded = foldLastSeen(events, { includeSystemActors, limit });
  const actors =
    roomId === undefined ? folded : joinPresence(folded, await listPresenceOfActors(sql, tenantId, roomId, folded.map((row) => row.actorId)));
  if (actorId !== undefined) return { actorId, lastSeen: actors.find((row) => row.actorId === actorId) ?? null };
  return { tenantId, roomId: roomId ?? null, actors, count: actors.length, scanLimitReached: events.length === scanLimit };
}
