import type postgres from 'postgres';
import type { CapabilityRegistration } from '@cafe/shared';
import { CAPABILITY_COLUMNS, timestampParam, type CapabilityRow } from './capability-row';
import type { Queryable } from './queryable';

// postgres.js serializes a jsonb parameter itself; handing it a pre-stringified value would
// store a JSON string instead of the object.
const jsonOrNull = (db: Queryable, value: unknown) => (value === undefined ? null : db.json(value as postgres.JSONValue));

/**
 * docs/flex-registry.md#register-a-capability: one `INSERT … ON CONFLICT (capability_id) DO UPDATE`. Every payload field is
 * overwritten (absent ones become null, `preferred_models` empty); the record becomes active and
 * seen at `now`; `registered_at` and `created_at` keep their first values.
 */
export async function upsertCapability(
  db: Queryable,
  registration: CapabilityRegistration,
  nowMs: number,
  expiresAtMs: number | null,
): Promise<CapabilityRow> {
  const r = registration;
  const now = timestampParam(nowMs);
  const expiresAt = expiresAtMs === null ? null : timestampParam(expiresAtMs);
  const [row] = await db<CapabilityRow[]>`
    insert into flex_capabilities (
      capability_id, version, display_name, summary, input_traits_json, default_contract_json, cost_json,
      preferred_models, heartbeat_json, metadata_json, status, last_seen_at, expires_at, registered_at,
      created_at, updated_at)
    values (
      ${r.capabilityId}, ${r.version}, ${r.displayName}, ${r.summary}, ${jsonOrNull(db, r.inputTraits)}::jsonb,
      ${jsonOrNull(db, r.defaultContract)}::jsonb, ${jsonOrNull(db, r.cost)}::jsonb, ${db.array(r.preferredModels ?? [])}::text[],
      ${jsonOrNull(db, r.heartbeat)}::jsonb, ${jsonOrNull(db, r.metadata)}::jsonb, 'active', ${now}::timestamptz,
      ${expiresAt}::timestamptz, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
    on conflict (capability_id) do update set
      version = excluded.version,
      display_name = excluded.display_name,
      summary = excluded.summary,
      input_traits_json = excluded.input_traits_json,
      default_contract_json = excluded.default_contract_json,
      cost_json = excluded.cost_json,
      preferred_models = excluded.preferred_models,
      heartbeat_json = excluded.heartbeat_json,
      metadata_json = excluded.metadata_json,
      status = 'active',
      last_seen_at = excluded.last_seen_at,
      expires_at = excluded.expires_at,
      updated_at = excluded.updated_at
    returning ${db.unsafe(CAPABILITY_COLUMNS)}`;
  return row!;
}
