import type { CapabilityChangeReason, CapabilityStatus } from '@cafe/shared';

/** A status change worth publishing; `from` is null when the capability is new. */
export interface StatusTransition {
  capabilityId: string;
  from: CapabilityStatus | null;
  to: CapabilityStatus | 'removed';
  reason: CapabilityChangeReason;
  version: string;
  atMs: number;
}

/** What a registration does to a capability's status, given its stored status (null = unknown id). */
export type RegistrationKind = 'registered' | 'reactivated' | 'refreshed';

/**
 * Registration always ends active: new ids are `registered`, inactive ones `reactivated`, and an
 * active one is merely `refreshed`, which changes no status and so publishes nothing.
 */
export function decideRegistration(storedStatus: CapabilityStatus | null): RegistrationKind {
  if (storedStatus === null) return 'registered';
  return storedStatus === 'inactive' ? 'reactivated' : 'refreshed';
}

/** The transition a registration publishes, or null for a refresh. */
export function registrationTransition(
  kind: RegistrationKind,
  capabilityId: string,
  version: string,
  atMs: number,
): StatusTransition | null {
  if (kind === 'refreshed') return null;
  return { capabilityId, from: kind === 'registered' ? null : 'inactive', to: 'active', reason: kind, version, atMs };
}
