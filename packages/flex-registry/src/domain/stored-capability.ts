import type { CapabilityRecord } from '@cafe/shared';

/**
 * A capability as the registry holds it in memory: the wire record plus the two instants the
 * registry reasons with and that the record does not carry.
 */
export interface StoredCapability {
  record: CapabilityRecord;
  /** When the record times out (epoch ms); null = never (no heartbeat settings). */
  expiresAtMs: number | null;
  /** Last write to the row (epoch ms): newer writes win when cache updates race. */
  updatedAtMs: number;
}
