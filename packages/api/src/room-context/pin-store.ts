import type { Sql } from '@cafe/db';
import { PIN_COLUMNS, toPinnedContext, type PinnedContext, type PinnedContextRow } from './pinned-context';

/** The room's highest pinned version (0 when nothing was ever pinned). */
export async function findLatestPinVersion(sql: Sql, tenantId: string, roomId: string): Promise<number> {
  const [row] = await sql<{ version: number | null }[]>`
    select max(version) as version from room_context_pins where tenant_id = ${tenantId} and room_id = ${roomId}`;
  return row?.version ?? 0;
}

/** The active pinned context of a room, or null. */
export async function findActivePin(sql: Sql, tenantId: string, roomId: string): Promise<PinnedContext | null> {
  const [row] = await sql<PinnedContextRow[]>`
    select ${sql.unsafe(PIN_COLUMNS)} from room_context_pins
     where tenant_id = ${tenantId} and room_id = ${roomId} and is_active
     order by version desc limit 1`;
  return row ? toPinnedContext(row) : null;
}

/** A room's pinned versions, newest first. */
export async function listPins(sql: Sql, tenantId: string, roomId: string, limit: number): Promise<PinnedContext[]> {
  const rows = await sql<PinnedContextRow[]>`
    select ${sql.unsafe(PIN_COLUMNS)} from room_context_pins
     where tenant_id = ${tenantId} and room_id = ${roomId}
     order by version desc limit ${limit}`;
  return rows.map(toPinnedContext);
}

/** Writes a new active version and retires the ones before it. */
export async function insertActivePin(tx: Sql, pin: PinnedContext): Promise<PinnedContext> {
  await tx`
    update room_context_pins set is_active = false, updated_at = ${pin.createdAt}
     where tenant_id = ${pin.tenantId} and room_id = ${pin.roomId} and is_active`;
  const [row] = await tx<PinnedContextRow[]>`
    insert into room_context_pins (tenant_id, room_id, version, content, metadata, pinned_by, is_active, created_at, updated_at)
    values (${pin.tenantId}, ${pin.roomId}, ${pin.version}, ${pin.content}, ${JSON.stringify(pin.metadata)}::text::jsonb, ${pin.pinnedBy},
            true, ${pin.createdAt}, ${pin.updatedAt})
    returning ${tx.unsafe(PIN_COLUMNS)}`;
  return toPinnedContext(row!);
}
