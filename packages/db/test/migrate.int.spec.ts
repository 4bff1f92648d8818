import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { createPgClient, migrateDatabase, resolveMigrationsFolder, type Sql } from '../src/index';

const LOCK_KEY = 942516431;
const journal = JSON.parse(readFileSync(join(resolveMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};

let db: TestDatabase | undefined;
const pools: Sql[] = [];

afterEach(async () => {
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
});
