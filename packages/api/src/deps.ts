import type { Sql } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import type { MutationDeps } from './mutation/run-mutation';
import type { ApiRuntime } from './runtime';

/** The pool, or an explicit error when the API runs without a database. */
export function requireSql(runtime: ApiRuntime): Sql {
  if (!runtime.db.sql) throw new CafeError('ERR_INTERNAL', 'Unexpected server error', { cause: 'DATABASE_URL is not set' });
  return runtime.db.sql;
}

/** What the mutation pipeline needs from the runtime. */
export function getMutationDeps(runtime: ApiRuntime): MutationDeps {
  return { sql: requireSql(runtime), idempotencyTtlMs: runtime.env.API_IDEMPOTENCY_TTL_MS, logger: runtime.logger };
}

/** Discovery defaults (README §7 Decision: handlers follow the discovery env vars). */
export function getDefaults(runtime: ApiRuntime) {
  return { tenantId: runtime.env.AGENTCAFE_DEFAULT_TENANT_ID, roomId: runtime.env.AGENTCAFE_DEFAULT_ROOM_ID };
}
