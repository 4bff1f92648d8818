import type { Sql } from '../client';
import type { AppliedMigration } from './decide-migration-refusal';

/** Every row drizzle's migrator recorded (none before its first run). */
export async function readAppliedMigrations(sql: Sql): Promise<AppliedMigration[]> {
  const [table] = await sql<{ exists: boolean }[]>`
    select to_regclass('drizzle.__drizzle_migrations') is not null as exists`;
  if (!table?.exists) return [];
  const rows = await sql<{ hash: string; created_at: string | null }[]>`
    select hash, created_at from drizzle.__drizzle_migrations order by created_at`;
  return rows.map((row) => ({ hash: row.hash, createdAt: Number(row.created_at ?? 0) }));
}
