import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema/index';

export type Sql = postgres.Sql;
export type Database = ReturnType<typeof createDatabase>;

export interface PgClientOptions {
  max?: number;
  idleTimeoutMs?: number;
  applicationName?: string;
}

/** Creates a postgres.js pool. Notices are dropped: they are noise in service logs. */
export function createPgClient(url: string, options: PgClientOptions = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    idle_timeout: Math.ceil((options.idleTimeoutMs ?? 30000) / 1000),
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'cafe' },
    types: {
      // bigint columns (sequences) are safe integers in practice; read them as numbers.
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number | bigint) => String(value),
        parse: (value: string) => Number(value),
      },
    },
  });
}

/** Wraps a pool in the Drizzle query builder with the full schema. */
export function createDatabase(sql: Sql) {
  return drizzle(sql, { schema });
}

/** Probes the database with `SELECT 1`; resolves to the failure reason or null when healthy. */
export async function checkDatabase(sql: Sql, timeoutMs = 2000): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      sql`select 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
