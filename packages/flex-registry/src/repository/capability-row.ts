import type { CapabilityRecord, CapabilityStatus } from '@cafe/shared';
import type { StoredCapability } from '../domain/stored-capability';

/** A `flex_capabilities` row as selected with CAPABILITY_COLUMNS. */
export interface CapabilityRow {
  capability_id: string;
  version: string;
  display_name: string;
  summary: string;
  input_traits_json: CapabilityRecord['inputTraits'] | null;
  default_contract_json: CapabilityRecord['defaultContract'] | null;
  cost_json: CapabilityRecord['cost'] | null;
  preferred_models: string[] | null;
  heartbeat_json: CapabilityRecord['heartbeat'] | null;
  metadata_json: CapabilityRecord['metadata'] | null;
  status: string;
  last_seen_ms: number | null;
  registered_ms: number | null;
  expires_ms: number | null;
  updated_ms: number | null;
}

/**
 * Instants are selected as epoch milliseconds (and bound as ISO strings, see `timestampParam`):
 * plain numbers do not depend on the pool's date codecs, which drizzle's driver is known to
 * replace on a pool it wraps.
 */
export const CAPABILITY_COLUMNS = [
  'capability_id, version, display_name, summary, input_traits_json, default_contract_json, cost_json',
  'preferred_models, heartbeat_json, metadata_json, status',
  `${epochMs('last_seen_at')} as last_seen_ms, ${epochMs('registered_at')} as registered_ms`,
  `${epochMs('expires_at')} as expires_ms, ${epochMs('updated_at')} as updated_ms`,
].join(', ');

/** SQL for a timestamptz column as epoch milliseconds (float8, exact at millisecond precision). */
export function epochMs(column: string): string {
  return `(extract(epoch from ${column}) * 1000)::float8`;
}

/** An instant as a query parameter (cast with `::timestamptz` in SQL). */
export function timestampParam(ms: number): string {
  return new Date(ms).toISOString();
}

const toMs = (value: number | null): number | null => (value === null ? null : Number(value));

/**
 * Maps a row to the wire record (docs/flex-registry.md#register-a-capability): null columns are omitted, `preferredModels` too when
 * empty. A row written before `last_seen_at` was always set falls back to its other instants.
 */
export function toStoredCapability(row: CapabilityRow): StoredCapability {
  const lastSeenMs = toMs(row.last_seen_ms) ?? toMs(row.registered_ms) ?? toMs(row.updated_ms) ?? 0;
  const record: CapabilityRecord = {
    capabilityId: row.capability_id,
    version: row.version,
    displayName: row.display_name,
    summary: row.summary,
    status: (row.status === 'active' ? 'active' : 'inactive') satisfies CapabilityStatus,
    lastSeenAt: new Date(lastSeenMs).toISOString(),
    registeredAt: new Date(toMs(row.registered_ms) ?? lastSeenMs).toISOString(),
  };
  if (row.input_traits_json != null) record.inputTraits = row.input_traits_json;
  if (row.default_contract_json != null) record.defaultContract = row.default_contract_json;
  if (row.cost_json != null) record.cost = row.cost_json;
  if (row.preferred_models && row.preferred_models.length > 0) record.preferredModels = row.preferred_models;
  if (row.heartbeat_json != null) record.heartbeat = row.heartbeat_json;
  if (row.metadata_json != null) record.metadata = row.metadata_json;
  return { record, expiresAtMs: toMs(row.expires_ms), updatedAtMs: toMs(row.updated_ms) ?? lastSeenMs };
}
