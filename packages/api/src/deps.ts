import type { Sql } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import type { ApiRuntime } from './runtime';

/** The pool, or an explicit error when the API runs without a database. */
export function requireSql(runtime: ApiRuntime): Sql {
  if (!runtime.db.sql) throw new CafeError('ERR_INTERNAL', 'Unexpected server error', { cause: 'DATABASE_URL is not set' });
  return runtime.db.sql;
}

/** Discovery defaults (docs/http.md#tenants-and-rooms: handlers follow the discovery env vars). */
export function getDefaults(source: { env: Pick<ApiRuntime['env'], 'AGENTCAFE_DEFAULT_TENANT_ID' | 'AGENTCAFE_DEFAULT_ROOM_ID'> }) {
  return { tenantId: source.env.AGENTCAFE_DEFAULT_TENANT_ID, roomId: source.env.AGENTCAFE_DEFAULT_ROOM_ID };
}
