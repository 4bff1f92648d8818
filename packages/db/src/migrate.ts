import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { withDrizzle, type Sql } from './client';
import { decideMigrationRefusal, type MigrationRefusal } from './migrations/decide-migration-refusal';
import { readAppliedMigrations } from './migrations/read-applied-migrations';
import { readMigrationFileList } from './migrations/read-migration-files';

export type { MigrationRefusal } from './migrations/decide-migration-refusal';

export interface MigrateOptions {
  lockKey: number;
  migrationsFolder?: string;
}

export type MigrateResult = { applied: number; total: number; waitedMs: number };

/**
 * Finds the committed `migrations/` folder: `DB_MIGRATIONS_DIR` when set, else the first
 * ancestor of the working directory or of this module that holds `migrations/meta/_journal.json`
 * (bundled apps run from their build output, so both starting points are tried).
 */
export function resolveMigrationsFolder(explicit?: string): string {
  if (explicit) return resolve(explicit);
  const starts = [process.cwd(), dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'migrations');
      if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('migrations folder not found: set DB_MIGRATIONS_DIR');
}

/**
 * The database's recorded migrations do not match this build's files (changed after being
 * applied, or an unapplied one older than the newest applied). Retrying cannot help: services
 * exit on it, with `message` as their one line.
 */
export class MigrationRefusedError extends Error {
  constructor(readonly refusal: MigrationRefusal) {
    super(refusal.message);
    this.name = 'MigrationRefusedError';
  }
}

/**
 * Applies pending migrations exactly once even when several services start together:
 * drizzle's migrator takes no lock, so the whole run is wrapped in a session-level
 * `pg_advisory_lock(lockKey)` held on a reserved connection. The pool needs a second
 * connection for drizzle's own transaction; a one-connection pool is refused up front,
 * since it would wait for itself forever. Before anything is applied, the recorded migrations
 * are checked against the files (`decideMigrationRefusal`); a mismatch throws
 * `MigrationRefusedError` and applies nothing.
 */
export async function migrateDatabase(sql: Sql, options: MigrateOptions): Promise<MigrateResult> {
  if (sql.options.max < 2) {
    throw new Error('migrateDatabase needs a pool of at least 2 connections (one holds the advisory lock)');
  }
  const migrationsFolder = resolveMigrationsFolder(options.migrationsFolder);
  const lock = await sql.reserve();
  const startedAt = Date.now();
  try {
    await lock`select pg_advisory_lock(${options.lockKey})`;
    const waitedMs = Date.now() - startedAt;
    const files = readMigrationFileList(migrationsFolder);
    const applied = await readAppliedMigrations(sql);
    const refusal = decideMigrationRefusal(files, applied);
    if (refusal) throw new MigrationRefusedError(refusal);
    await withDrizzle(sql, (db) => migrate(db, { migrationsFolder }));
    const total = (await readAppliedMigrations(sql)).length;
    return { applied: total - applied.length, total, waitedMs };
  } finally {
    await lock`select pg_advisory_unlock(${options.lockKey})`.catch(() => undefined);
    lock.release();
  }
}
