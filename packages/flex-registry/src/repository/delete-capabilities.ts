import type { Transaction } from './queryable';

/** Removes the given (locked, already published) inactive records; returns the removed ids. */
export async function deleteCapabilities(tx: Transaction, capabilityIds: string[]): Promise<string[]> {
  if (capabilityIds.length === 0) return [];
  const rows = await tx<{ capability_id: string }[]>`
    delete from flex_capabilities
     where capability_id = any(${tx.array(capabilityIds)}::text[]) and status = 'inactive'
    returning capability_id`;
  return rows.map((row) => row.capability_id);
}
