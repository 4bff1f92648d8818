import { CafeError } from '@cafe/shared';
import type { Sql } from '@cafe/db';
import type { QueryReader } from '../request/query';
import { SESSION_STATUSES, type SessionStatus, type TableSession } from './table-session';
import { findTableSession, listTableSessions } from './table-session-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One session or 404 `Table session not found` (an id that is not a UUID cannot exist). */
export async function requireTableSession(sql: Sql, tenantId: string, sessionId: string): Promise<TableSession> {
  const session = UUID.test(sessionId) ? await findTableSession(sql, tenantId, sessionId) : null;
  if (!session) throw new CafeError('ERR_NOT_FOUND', 'Table session not found', { tenantId, sessionId });
  return session;
}

/**
 * `GET /v1/table-sessions` (docs/private-tables.md#the-pieces): a tenant's sessions, newest-updated first, filtered
 * by room, owner and `status` (validated).
 */
export async function readTableSessions(sql: Sql, query: QueryReader, defaultTenantId: string) {
  const rawStatus = query.string('status');
  const status = rawStatus?.trim().toLowerCase();
  if (status !== undefined && !(SESSION_STATUSES as readonly string[]).includes(status)) {
    throw new CafeError('ERR_INVALID_ENUM', 'status must be one of active, ended', { field: 'status', value: rawStatus, allowed: [...SESSION_STATUSES] });
  }
  const sessions = await listTableSessions(sql, {
    tenantId: query.string('tenantId') ?? defaultTenantId,
    roomId: query.string('roomId'),
    ownerActorId: query.string('ownerActorId'),
    status: status as SessionStatus | undefined,
    limit: query.int('limit', 200, 1, 1000),
  });
  return { sessions, count: sessions.length };
}
