import type { EventEnvelope } from '@cafe/shared';
import type { EventFilter } from './port';

/** True when the event passes every field the filter sets (absent fields match all). */
export function matchesFilter(event: EventEnvelope, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.tenantId !== undefined && event.tenantId !== filter.tenantId) return false;
  if (filter.roomId !== undefined && event.roomId !== filter.roomId) return false;
  if (filter.actorId !== undefined && event.actorId !== filter.actorId) return false;
  if (filter.types && filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  return true;
}

/** Keeps only the events that match, in order. */
export function filterEvents(events: EventEnvelope[], filter: EventFilter | undefined): EventEnvelope[] {
  if (!filter) return events;
  return events.filter((event) => matchesFilter(event, filter));
}

/** The key of one room across tenants; the NUL separator cannot occur in ids from JSON text. */
export function toRoomKey(tenantId: string, roomId: string): string {
  return `${tenantId}\u0000${roomId}`;
}

/** The room a filter is pinned to, or null when it spans rooms (no tenant or no room). */
export function getFilterRoomKey(filter: EventFilter | undefined): string | null {
  if (!filter || filter.tenantId === undefined || filter.roomId === undefined) return null;
  return toRoomKey(filter.tenantId, filter.roomId);
}
