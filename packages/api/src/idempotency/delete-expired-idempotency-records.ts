import type { Sql } from '@cafe/db';

/**
 * Deletes at most `limit` idempotency records that expired at or before `expiredBy`, oldest
 * first, in one short statement (docs/operations.md#retention). Rows another sweeper (another
 * API instance) holds are skipped, not waited for; a record renewed under the same key since
 * the candidates were read is re-checked under its row lock and kept. Returns how many went.
 */
export async function deleteExpiredIdempotencyRecords(sql: Sql, expiredBy: Date, limit: number): Promise<number> {
  const result = await sql`
    delete from idempotency_keys
     where (tenant_id, scope, idempotency_key) in (
             select tenant_id, scope, idempotency_key from idempotency_keys
              where expires_at <= ${expiredBy}
              order by expires_at
              limit ${limit}
                for update skip locked)
       and expires_at <= ${expiredBy}`;
  return result.count;
}
