import type { Sql } from '@cafe/db';

/** A consumer's durable position, or null when it never ran. */
export async function readConsumerCheckpoint(sql: Sql, name: string): Promise<number | null> {
  const [row] = await sql<{ position: number }[]>`select position from consumer_checkpoints where name = ${name}`;
  return row ? Number(row.position) : null;
}

/** Moves a consumer's position forward (never back), in the caller's transaction. */
export async function saveConsumerCheckpoint(tx: Sql, name: string, position: number): Promise<void> {
  await tx`
    insert into consumer_checkpoints (name, position, updated_at) values (${name}, ${position}, now())
    on conflict (name) do update set position = greatest(consumer_checkpoints.position, excluded.position), updated_at = now()`;
}
