import type { CapabilityFilter, CapabilityRecord } from '@cafe/shared';

const containsIgnoringCase = (values: string[] | undefined, wanted: string) => {
  const needle = wanted.toLowerCase();
  return (values ?? []).some((value) => value.toLowerCase() === needle);
};

/** True when the record meets every criterion of the filter (docs/flex-registry.md#find-capabilities, `findActive`). */
export function matchesCapabilityFilter(record: CapabilityRecord, filter: CapabilityFilter): boolean {
  const traits = record.inputTraits;
  if (filter.capabilityIds && !filter.capabilityIds.includes(record.capabilityId)) return false;
  if (filter.language !== undefined && !containsIgnoringCase(traits?.languages, filter.language)) return false;
  if (filter.format !== undefined && !containsIgnoringCase(traits?.formats, filter.format)) return false;
  if (filter.strength !== undefined && !containsIgnoringCase(traits?.strengths, filter.strength)) return false;
  // No case rule applies to limitations: matched exactly, like the other exact criteria.
  if (filter.excludeLimitation !== undefined && (traits?.limitations ?? []).includes(filter.excludeLimitation)) return false;
  if (filter.preferredModel !== undefined && !(record.preferredModels ?? []).includes(filter.preferredModel)) return false;
  if (filter.costTier !== undefined && record.cost?.tier !== filter.costTier) return false;
  if (filter.contractMode !== undefined && record.defaultContract?.mode !== filter.contractMode) return false;
  return true;
}

/** The records that match, in their given order. */
export function filterCapabilities(records: CapabilityRecord[], filter: CapabilityFilter): CapabilityRecord[] {
  return records.filter((record) => matchesCapabilityFilter(record, filter));
}
