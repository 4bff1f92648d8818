import type { FlexRuntime } from './runtime';

export type DatabaseHealth =
  | { ok: true; driver: 'pg'; timestamp: string }
  | { ok: false; driver: 'pg'; error: string; timestamp: string };

/** `GET /api/v1/health/db` (docs/flex-registry.md#health): `SELECT 1` against the registry's database. */
export async function getDatabaseHealth(runtime: FlexRuntime): Promise<DatabaseHealth> {
  const problem = await runtime.db.probe();
  const timestamp = new Date().toISOString();
  return problem === null ? { ok: true, driver: 'pg', timestamp } : { ok: false, driver: 'pg', error: problem, timestamp };
}
