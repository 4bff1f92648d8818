/**
 * Advisory lock namespaces (the first int4 of the two-key form). Every change of one
 * capability's state holds `(CAPABILITY_LOCK_SPACE, hashtext(capabilityId))` until commit, so
 * a registration, a heartbeat and the sweeper never decide on a stale status. Hash collisions
 * only serialize two unrelated ids. One sweeper at a time holds `(SWEEP_LOCK_SPACE, 0)`.
 */
export const CAPABILITY_LOCK_SPACE = 0x464c5801;
export const SWEEP_LOCK_SPACE = 0x464c5802;
