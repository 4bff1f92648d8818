import type { Sql } from '@cafe/db';

/**
 * Deletes at most `limit` traces started before `startedBefore`, oldest first, in one short
 * statement (docs/operations.md#retention). Rows another sweeper holds are skipped; a trace
 * re-opened under the same correlation id meanwhile is re-checked under its row lock and kept.
 * Returns how many went.
 */
export async function deleteOldTraces(sql: Sql, startedBefore: Date, limit: number): Promise<number> {
  const result = await sql`
    delete from traces
     where correlation_id in (
             select correlation_id from traces
              where started_at < ${startedBefore}
              order by started_at
              limit ${limit}
                for update skip locked)
       and started_at < ${startedBefore}`;
  return result.count;
}
