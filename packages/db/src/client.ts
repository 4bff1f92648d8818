import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema/index';

export type Sql = postgres.Sql;
/** A pool or an open transaction: what repository functions accept. */
export type Queryable = postgres.Sql | postgres.TransactionSql;
/** An open transaction, with savepoints: what `sql.begin` hands its callback. */
export type TransactionSql = postgres.TransactionSql;

export interface PgClientOptions {
  max?: number;
  idleTimeoutMs?: number;
  applicationName?: string;
  idleInTransactionTimeoutMs?: number;
}

/** Creates a postgres.js pool. Notices are dropped: they are noise in service logs. */
export function createPgClient(url: string, options: PgClientOptions = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    idle_timeout: Math.ceil((options.idleTimeoutMs ?? 30000) / 1000),
    connect_timeout: 10,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? 'cafe',
      // Event readers stay below the cluster's oldest running transaction id (see
      // readEventsAfter), so a client that leaves a transaction open would stall every
      // reader: such sessions are ended by the server instead.
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 60_000,
    },
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

/**
 * Runs `fn` with a Drizzle instance over `sql` and then undoes what drizzle's postgres-js
 * driver does to the pool: it replaces the pool's date parsers and serializers with
 * pass-throughs, which would make every later raw query return timestamps as strings and
 * fail to bind Date parameters.
 */
export async function withDrizzle<T>(sql: Sql, fn: (db: ReturnType<typeof drizzle<typeof schema>>) => Promise<T>): Promise<T> {
  const parsers = { ...sql.options.parsers };
  const serializers = { ...sql.options.serializers };
  try {
    return await fn(drizzle(sql, { schema }));
  } finally {
    restoreCodecs(sql.options.parsers, parsers);
    restoreCodecs(sql.options.serializers, serializers);
  }
}

function restoreCodecs(target: Record<string, unknown>, saved: Record<string, unknown>): void {
  for (const key of Object.keys(target)) if (!(key in saved)) delete target[key];
  Object.assign(target, saved);
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
