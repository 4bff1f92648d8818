import type { CapabilityRegistration, EventEnvelope } from '@cafe/shared';
import type { Sql } from '@cafe/db';
import { computeExpiresAtMs } from '../domain/expiry';
import { decideRegistration, registrationTransition, type RegistrationKind } from '../domain/status-transition';
import type { StoredCapability } from '../domain/stored-capability';
import { toStoredCapability } from '../repository/capability-row';
import { lockCapability } from '../repository/lock-capability';
import { selectCapabilityState } from '../repository/select-capability-state';
import { upsertCapability } from '../repository/upsert-capability';
import { publishTransitions } from './publish-transitions';

export interface RegisterOutcome {
  kind: RegistrationKind;
  stored: StoredCapability;
  /** The published status change; absent for a refresh of an active record. */
  event?: EventEnvelope;
}

/**
 * docs/flex-registry.md#register-a-capability as one transaction: lock the id (no xid) → read its stored status → publish
 * `registered`/`reactivated` when the status changes → upsert. The clock is read under the lock
 * so each id's instants grow in commit order. Concurrent registrations of one id queue on the
 * lock; the upsert's ON CONFLICT keeps it to one row regardless.
 */
export async function registerCapability(
  sql: Sql,
  registration: CapabilityRegistration,
  options: { clock: () => number; tenantId: string },
): Promise<RegisterOutcome> {
  return sql.begin(async (tx) => {
    await lockCapability(tx, registration.capabilityId);
    const nowMs = options.clock();
    const prior = await selectCapabilityState(tx, registration.capabilityId);
    const kind = decideRegistration(prior?.status ?? null);
    const transition = registrationTransition(kind, registration.capabilityId, registration.version, nowMs);
    const [event] = await publishTransitions(tx, transition ? [transition] : [], options.tenantId);
    const expiresAtMs = computeExpiresAtMs(registration.heartbeat, nowMs);
    const row = await upsertCapability(tx, registration, nowMs, expiresAtMs);
    return { kind, stored: toStoredCapability(row), ...(event ? { event } : {}) };
  });
}
