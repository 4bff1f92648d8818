import type { CapabilityQuery, CapabilityRecord } from '@cafe/shared';
import { filterCapabilities } from '../domain/capability-filter';
import type { CapabilityRegistry } from './capability-registry';

/**
 * `GET /api/v1/flex/capabilities`: `status=active` is `findActive`; `inactive` and `all` apply
 * the same criteria to the other views of the snapshot.
 */
export async function listCapabilities(registry: CapabilityRegistry, query: CapabilityQuery): Promise<CapabilityRecord[]> {
  const { status, ...filter } = query;
  if (status === 'active') return registry.findActive(filter);
  const { all } = await registry.getSnapshot();
  const records = status === 'all' ? all : all.filter((record) => record.status === 'inactive');
  return filterCapabilities(records, filter);
}
