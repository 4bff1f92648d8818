import { queryEvents, type Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import { MEMORY_EVENT_TYPES, summariseMemoryEvent } from './summarise-memory';

/**
 * `GET /v1/memory/local` (docs/api.md#local-memory): the newest (at most 5) memory-worthy events of a room,
 * optionally by one author, summarised.
 */
export async function readLocalMemory(sql: Sql, query: QueryReader, defaults: { tenantId: string; roomId: string }) {
  const tenantId = query.string('tenantId') ?? defaults.tenantId;
  const roomId = query.string('roomId') ?? defaults.roomId;
  const actorId = query.string('actorId');
  const limit = query.int('limit', 5, 1, 5);
  const events = await queryEvents(sql, { tenantId, roomId, actorId, types: [...MEMORY_EVENT_TYPES], order: 'desc', cursor: 0, limit });
  const memory = events.map(summariseMemoryEvent);
  return { tenantId, roomId, actorId: actorId ?? null, memory, count: memory.length };
}
