import type { Sql } from '@cafe/db';

/**
 * Holds one advisory lock (a key from `locks` in pipeline/keys.ts) until the transaction ends,
 * for the writers that run outside the command pipeline (the lobby seed, the poll heartbeat).
 * It takes no transaction id, so an event append after it can still be the first write.
 */
export async function holdLock(tx: Sql, key: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}
