import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { createPgClient, MigrationRefusedError, migrateDatabase, resolveMigrationsFolder, type Sql } from '../src/index';

const LOCK_KEY = 942516431;
const journal = JSON.parse(readFileSync(join(resolveMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
  entries: { tag: string; when: number }[];
};

let db: TestDatabase | undefined;
const pools: Sql[] = [];
const tempDirs: string[] = [];

/** A copy of the committed migrations folder, to change without touching the repository. */
function copyMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cafe-migrations-'));
  tempDirs.push(dir);
  cpSync(resolveMigrationsFolder(), dir, { recursive: true });
  return dir;
}

async function refusalOf(run: Promise<unknown>): Promise<MigrationRefusedError> {
  const outcome = await run.then(
    () => new Error('migrated instead of refusing'),
    (error: Error) => error,
  );
  expect(outcome).toBeInstanceOf(MigrationRefusedError);
  return outcome as MigrationRefusedError;
}

afterEach(async () => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await Promise.all(pools.splice(0).map((pool) => pool.end({ timeout: 5 })));
  await db?.drop();
  db = undefined;
});

describe('migrateDatabase', () => {
  it('applies every journal entry exactly once when four migrators race on an empty database', async () => {
    db = await createTestDatabase({ migrate: false });
    for (let i = 0; i < 4; i += 1) pools.push(createPgClient(db.url, { max: 3, applicationName: `migrator-${i}` }));
    const results = await Promise.all(pools.map((pool) => migrateDatabase(pool, { lockKey: LOCK_KEY })));

    expect(results.reduce((sum, r) => sum + r.applied, 0)).toBe(journal.entries.length);
    expect(results.filter((r) => r.applied > 0)).toHaveLength(1);
    for (const result of results) expect(result.total).toBe(journal.entries.length);

    const rows = await db.sql<{ hash: string; n: number }[]>`
      select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`;
    expect(rows).toHaveLength(journal.entries.length);
    for (const row of rows) expect(row.n).toBe(1);
    const [{ exists }] = await db.sql<{ exists: boolean }[]>`select to_regclass('public.events') is not null as exists`;
    expect(exists).toBe(true);
  });

  it('is a no-op on an up-to-date database', async () => {
    db = await createTestDatabase();
    const again = await migrateDatabase(db.sql, { lockKey: LOCK_KEY });
    expect(again).toMatchObject({ applied: 0, total: journal.entries.length });
  });

  it('waits for the advisory lock another session holds', async () => {
    db = await createTestDatabase({ migrate: false });
    const holder = await db.sql.reserve();
    await holder`select pg_advisory_lock(${LOCK_KEY})`;
    const pool = createPgClient(db.url, { max: 2 });
    pools.push(pool);
    let finished = false;
    const running = migrateDatabase(pool, { lockKey: LOCK_KEY }).then((result) => {
      finished = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(finished).toBe(false);
    await holder`select pg_advisory_unlock(${LOCK_KEY})`;
    holder.release();
    const result = await running;
    expect(result.applied).toBe(journal.entries.length);
    expect(result.waitedMs).toBeGreaterThanOrEqual(400);
  });

  it('refuses a one-connection pool up front instead of waiting for itself forever', async () => {
    db = await createTestDatabase({ migrate: false });
    const pool = createPgClient(db.url, { max: 1 });
    pools.push(pool);
    const outcome = await Promise.race([
      migrateDatabase(pool, { lockKey: LOCK_KEY }).catch((error: Error) => error.message),
      new Promise((resolve) => setTimeout(() => resolve('deadlocked'), 10_000)),
    ]);
    expect(outcome).toMatch(/at least 2 connections/);
  });

  it('refuses, applying nothing, when an applied migration file was edited afterwards', async () => {
    db = await createTestDatabase();
    const folder = copyMigrations();
    const edited = journal.entries[3]!.tag;
    appendFileSync(join(folder, `${edited}.sql`), '\n-- an edit after it was applied\n');
    const refusal = await refusalOf(migrateDatabase(db.sql, { lockKey: LOCK_KEY, migrationsFolder: folder }));
    expect(refusal.refusal).toMatchObject({ problem: 'changed', file: `${edited}.sql` });
    expect(refusal.message).toContain(`migration ${edited}.sql was changed after it was applied`);
  });

  it('refuses when the hash recorded for an applied migration is not the file\'s', async () => {
    db = await createTestDatabase();
    const tampered = journal.entries[1]!;
    await db.sql`update drizzle.__drizzle_migrations set hash = ${'0'.repeat(64)} where created_at = ${tampered.when}`;
    const refusal = await refusalOf(migrateDatabase(db.sql, { lockKey: LOCK_KEY }));
    expect(refusal.refusal).toMatchObject({ problem: 'changed', file: `${tampered.tag}.sql`, storedHash: '0'.repeat(64) });
  });

  it('refuses an unapplied migration older than the newest applied one, and does not apply it', async () => {
    db = await createTestDatabase();
    const folder = copyMigrations();
    // A branch merged late: its migration was generated before the newest one on main.
    const newest = journal.entries.at(-1)!;
    const late = { idx: journal.entries.length, version: '7', when: newest.when - 1, tag: '9999_merged_late', breakpoints: true };
    writeFileSync(join(folder, `${late.tag}.sql`), 'CREATE TABLE "merged_late" ("id" integer);\n');
    const folderJournal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    folderJournal.entries.push(late);
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(folderJournal));

    const refusal = await refusalOf(migrateDatabase(db.sql, { lockKey: LOCK_KEY, migrationsFolder: folder }));
    expect(refusal.refusal).toMatchObject({ problem: 'older-than-applied', file: '9999_merged_late.sql', newestApplied: `${newest.tag}.sql` });
    const [{ exists }] = await db.sql<{ exists: boolean }[]>`select to_regclass('public.merged_late') is not null as exists`;
    expect(exists).toBe(false);
  });

  it('still applies a new migration newer than every applied one', async () => {
    db = await createTestDatabase();
    const folder = copyMigrations();
    const late = { idx: journal.entries.length, version: '7', when: journal.entries.at(-1)!.when + 1, tag: '9999_next', breakpoints: true };
    writeFileSync(join(folder, `${late.tag}.sql`), 'CREATE TABLE "next_one" ("id" integer);\n');
    const folderJournal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    folderJournal.entries.push(late);
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(folderJournal));

    const result = await migrateDatabase(db.sql, { lockKey: LOCK_KEY, migrationsFolder: folder });
    expect(result).toMatchObject({ applied: 1, total: journal.entries.length + 1 });
    // An older build, without that file, still starts on the newer database.
    expect(await migrateDatabase(db.sql, { lockKey: LOCK_KEY })).toMatchObject({ applied: 0, total: journal.entries.length + 1 });
  });
});
