import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { MigrationFile } from './decide-migration-refusal';

/**
 * This build's migrations with the hash drizzle will store for each: drizzle's own reader is
 * used so the two can never disagree on how a file is hashed. It returns the journal's entries
 * in order, so its items line up with the journal's tags.
 */
export function readMigrationFileList(migrationsFolder: string): MigrationFile[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  const migrations = readMigrationFiles({ migrationsFolder });
  return journal.entries.map((entry, index) => ({ tag: entry.tag, createdAt: entry.when, hash: migrations[index]!.hash }));
}
