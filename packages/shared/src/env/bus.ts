import { intVar, optionalStringVar } from './vars';

/** The event transport's settings, read by every service that runs one (api, realtime, projector). */
export const busEnvShape = {
  /** The global event stream of the Redis transport; unset = `cafe:bus:events:<database>` (docs/transport.md). */
  BUS_REDIS_STREAM_KEY: optionalStringVar(),
  /** Approximate length cap of that stream; older events are read from Postgres. */
  BUS_REDIS_STREAM_MAXLEN: intVar(10000, { min: 100 }),
  /** Polling fallback of the Postgres log tail (LISTEN/NOTIFY does the fast path). */
  BUS_POLL_MS: intVar(500, { min: 10 }),
};
