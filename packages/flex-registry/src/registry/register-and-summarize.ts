import type { CapabilityRecord, CapabilityRegistration } from '@cafe/shared';
import type { CapabilityRegistry } from './capability-registry';

export interface RegistrationSummary {
  ok: true;
  record: CapabilityRecord;
  registry: { active?: CapabilityRecord[]; count: number };
}

/**
 * docs/flex-registry.md#register-a-capability–3.3: registers, then describes the registry. By default with the whole active list
 * (`count` = its length); `minimal` (the client's `Prefer: return=minimal`) gives only the count,
 * which costs the same at any registry size.
 */
export async function registerAndSummarize(
  registry: CapabilityRegistry,
  registration: CapabilityRegistration,
  options: { minimal: boolean },
): Promise<RegistrationSummary> {
  const { stored } = await registry.register(registration);
  if (options.minimal) return { ok: true, record: stored.record, registry: { count: await registry.countActive() } };
  const active = await registry.listActive();
  return { ok: true, record: stored.record, registry: { active, count: active.length } };
}
