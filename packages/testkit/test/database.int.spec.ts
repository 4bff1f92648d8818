import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, resetDatabase, type TestDatabase } from '../src/index';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(() => db?.drop());

describe('createTestDatabase', () => {
  it('creates a fresh, migrated database of its own', async () => {
    expect(db.name).toMatch(/^cafe_t_/);
    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(n).toBeGreaterThan(0);
  });
});

describe('resetDatabase', () => {
  it('empties the tables, restarts identities, and leaves append-only tables alone', async () => {
    await db.sql`create table append_only (note text)`;
    await db.sql.unsafe(`
      create function refuse_truncate() returns trigger language plpgsql as $$
      begin raise exception 'append-only'; end $$;
      create trigger append_only_no_truncate before truncate on append_only
        for each statement execute function refuse_truncate();`);
    await db.sql`insert into append_only values ('kept')`;
    await db.sql`insert into flex_capabilities (capability_id, version, display_name, summary) values ('c', '1', 'C', 's')`;

    await resetDatabase(db.sql);

    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from flex_capabilities`;
    expect(n).toBe(0);
    expect(await db.sql`select note from append_only`).toEqual([{ note: 'kept' }]);
    const [{ m }] = await db.sql<{ m: number }[]>`select count(*)::int as m from drizzle.__drizzle_migrations`;
    expect(m).toBeGreaterThan(0);
  });
});
