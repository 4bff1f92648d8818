import { CAPABILITY_COLUMNS, type CapabilityRow } from './capability-row';
import type { Queryable } from './queryable';

/** Every capability, ordered by id: the registry snapshot's source (docs/flex-registry.md#find-capabilities). */
export async function selectAllCapabilities(db: Queryable): Promise<CapabilityRow[]> {
  return db<CapabilityRow[]>`
    select ${db.unsafe(CAPABILITY_COLUMNS)} from flex_capabilities order by capability_id collate "C"`;
}
