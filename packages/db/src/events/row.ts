import type { EventEnvelope } from '@cafe/shared';

/** An `events` row as postgres.js returns it for the column list in EVENT_COLUMNS. */
export interface EventRow {
  sequence: number;
  event_id: string;
  tenant_id: string;
  room_id: string;
  actor_id: string;
  type: string;
  ts: Date | string;
  payload: Record<string, unknown>;
  correlation_id: string;
  causation_id: string | null;
}

export const EVENT_COLUMNS = 'sequence, event_id, tenant_id, room_id, actor_id, type, ts, payload, correlation_id, causation_id';

/** Maps a row to the wire envelope of docs/events.md#envelope. */
export function toEventEnvelope(row: EventRow): EventEnvelope {
  return {
    eventId: row.event_id,
    sequence: Number(row.sequence),
    tenantId: row.tenant_id,
    roomId: row.room_id,
    actorId: row.actor_id,
    type: row.type,
    timestamp: (row.ts instanceof Date ? row.ts : new Date(row.ts)).toISOString(),
    payload: row.payload ?? {},
    correlationId: row.correlation_id,
    causationId: row.causation_id,
  };
}
