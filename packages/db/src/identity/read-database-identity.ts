import { createHash } from 'node:crypto';
import type { Queryable } from '../client';

export interface DatabaseIdentity {
  /** The Postgres server's system identifier: a new cluster (initdb) gets a new one. */
  systemIdentifier: string;
  /** Made by the migration that created `cafe_database_identity`: a re-created database gets a new one. */
  epoch: string;
  /** A short digest of both, for Redis key names. */
  tag: string;
}

/**
 * Which database this is, for everything kept outside it (Redis streams, consumer groups, read
 * models): a wiped and re-created database, or another deployment sharing the Redis, has
 * another identity, so it never reads state that belongs to a different event log.
 */
export async function readDatabaseIdentity(sql: Queryable): Promise<DatabaseIdentity> {
  const [row] = await sql<{ system_identifier: string; epoch: string }[]>`
    select (select system_identifier::text from pg_control_system()) as system_identifier,
           (select epoch::text from cafe_database_identity where id = 1) as epoch`;
  if (!row?.epoch) throw new Error('cafe_database_identity has no row: run the migrations');
  const tag = createHash('sha256').update(`${row.system_identifier}:${row.epoch}`).digest('hex').slice(0, 16);
  return { systemIdentifier: row.system_identifier, epoch: row.epoch, tag };
}
