import type { Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import { findActivePin, listPins } from './pin-store';

function readRoom(query: QueryReader, defaults: { tenantId: string; roomId: string }) {
  return { tenantId: query.string('tenantId') ?? defaults.tenantId, roomId: query.string('roomId') ?? defaults.roomId };
}

/** `GET /v1/rooms/context/pin` (docs/api.md#pinned-room-context). */
export async function readPinnedContext(sql: Sql, query: QueryReader, defaults: { tenantId: string; roomId: string }) {
  const { tenantId, roomId } = readRoom(query, defaults);
  const pinnedContext = await findActivePin(sql, tenantId, roomId);
  return { tenantId, roomId, pinnedContext, isPinned: pinnedContext !== null };
}

/** `GET /v1/rooms/context/history` (docs/api.md#pinned-room-context): versions newest first. */
export async function readPinHistory(sql: Sql, query: QueryReader, defaults: { tenantId: string; roomId: string }) {
  const { tenantId, roomId } = readRoom(query, defaults);
  const history = await listPins(sql, tenantId, roomId, query.int('limit', 50, 1, 500));
  return { tenantId, roomId, history, count: history.length };
}
