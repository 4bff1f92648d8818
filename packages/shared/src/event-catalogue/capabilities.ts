import { CapabilityStatusChangedPayloadSchema } from '../flex/events';

/**
 * `capability_status_changed`: appended by the flex capability registry (room and actor
 * `flex-registry`) on every status transition. Its schema lives with the registry contract.
 */
export const capabilityEventPayloads = {
  capability_status_changed: CapabilityStatusChangedPayloadSchema.describe(
    'A flex capability was registered, came back, timed out or was removed.',
  ),
} as const;
