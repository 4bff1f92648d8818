import { randomBytes } from 'node:crypto';
import { createPgClient, migrateDatabase, type Sql } from '@cafe/db';

/** The server tests create their databases on: TEST_DATABASE_URL, else DATABASE_URL. */
export function getTestServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL or DATABASE_URL must point at a Postgres server (npm test sets it)');
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  sql: Sql;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh, uniquely named database on the test server, migrated unless
 * `migrate: false`. Each test file gets its own, so files can run in parallel.
 */
export async function createTestDatabase(options: { migrate?: boolean; prefix?: string } = {}): Promise<TestDatabase> {
  const server = getTestServerUrl();
  const name = `${options.prefix ?? 'cafe_t'}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = createPgClient(server, { max: 1, applicationName: 'cafe-testkit' });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = withDatabase(server, name);
  const sql = createPgClient(url, { max: 10, applicationName: 'cafe-test' });
  if (options.migrate !== false) await migrateDatabase(sql, { lockKey: 942516431 });
  return {
    name,
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const dropper = createPgClient(server, { max: 1, applicationName: 'cafe-testkit' });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

/** Runs `fn` with a fresh database and always drops it afterwards. */
export async function withTestDatabase<T>(fn: (db: TestDatabase) => Promise<T>, options?: { migrate?: boolean }): Promise<T> {
  const db = await createTestDatabase(options);
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
}

/**
 * Empties every table of the Cafe schema (keeps migrations), for tests sharing one database.
 * Append-only tables, whose trigger refuses TRUNCATE (the operator audit log), keep their rows.
 */
export async function resetDatabase(sql: Sql): Promise<void> {
  const tables = await sql<{ name: string }[]>`
    select quote_ident(c.relname) as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and not exists (
         select 1 from pg_trigger t
          where t.tgrelid = c.oid and not t.tgisinternal and (t.tgtype & 32) <> 0)`;
  if (tables.length === 0) return;
  await sql.unsafe(`truncate ${tables.map((t) => t.name).join(', ')} restart identity cascade`);
}
