/** One migration file of this build, as drizzle's migrator will apply it. */
export interface MigrationFile {
  /** File name without `.sql` (the journal's `tag`). */
  tag: string;
  /** The journal's `when`: drizzle stores it as `created_at` and orders by it. */
  createdAt: number;
  /** sha256 of the file's text, as drizzle computes and stores it. */
  hash: string;
}

/** One row of `drizzle.__drizzle_migrations`. */
export interface AppliedMigration {
  createdAt: number;
  hash: string;
}

export type MigrationRefusal =
  | { problem: 'changed'; file: string; storedHash: string; fileHash: string; message: string }
  | { problem: 'older-than-applied'; file: string; newestApplied: string; message: string };

/**
 * Whether this build's migrations may run against what the database has recorded
 * (docs/operations.md#migrations). drizzle's migrator compares only `created_at` with the newest
 * applied row: it never re-reads the hash of an applied file, and it silently skips a file whose
 * timestamp is not newer than the newest applied one. Either case means the schema is not what
 * the files say, so start-up is refused instead. Applied rows with no file here (a newer build
 * migrated this database) are left alone: an older build may run on a newer schema.
 */
export function decideMigrationRefusal(files: MigrationFile[], applied: AppliedMigration[]): MigrationRefusal | null {
  if (applied.length === 0) return null;
  const appliedByCreatedAt = new Map(applied.map((row) => [row.createdAt, row]));
  const newestAppliedAt = Math.max(...applied.map((row) => row.createdAt));
  const newestAppliedFile = files.find((file) => file.createdAt === newestAppliedAt);
  for (const file of files) {
    const row = appliedByCreatedAt.get(file.createdAt);
    if (row && row.hash !== file.hash) {
      return {
        problem: 'changed',
        file: `${file.tag}.sql`,
        storedHash: row.hash,
        fileHash: file.hash,
        message:
          `migration ${file.tag}.sql was changed after it was applied to this database ` +
          `(sha256 ${file.hash.slice(0, 12)}…, recorded ${row.hash.slice(0, 12)}…): ` +
          `restore the file as it was applied and put the change in a new migration (npm run db:generate)`,
      };
    }
    if (!row && file.createdAt < newestAppliedAt) {
      const newest = newestAppliedFile ? `${newestAppliedFile.tag}.sql` : `the one recorded at ${newestAppliedAt}`;
      return {
        problem: 'older-than-applied',
        file: `${file.tag}.sql`,
        newestApplied: newest,
        message:
          `migration ${file.tag}.sql is not applied but is older than the newest applied migration ${newest}, ` +
          `so it would never run: remove it and generate its change again as a new migration after ${newest} (npm run db:generate)`,
      };
    }
  }
  return null;
}
