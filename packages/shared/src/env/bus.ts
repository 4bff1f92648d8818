import { intVar, optionalStringVar } from './vars';

/**
 * Memory bounds of an event transport (docs/operations.md#memory-bounds): the env defaults, and
 * what createEventTransport uses when a caller gives none.
 */
export const BUS_MEMORY_DEFAULTS = {
  /** Recent events a process keeps in memory for resumes, in bytes, across all rooms. */
  historyMaxBytes: 64 * 1024 * 1024,
  /** Live events one subscriber may have waiting, in bytes, before it re-reads the log instead. */
  subscriberMaxBufferedBytes: 16 * 1024 * 1024,
} as const;

/** The event transport's settings, read by every service that runs one (api, realtime, projector). */
export const busEnvShape = {
  /** The global event stream of the Redis transport; unset = `cafe:bus:events:<database>` (docs/transport.md). */
  BUS_REDIS_STREAM_KEY: optionalStringVar(),
  /** Approximate length cap of that stream; older events are read from Postgres. */
  BUS_REDIS_STREAM_MAXLEN: intVar(10000, { min: 100 }),
  /** Polling fallback of the Postgres log tail (LISTEN/NOTIFY does the fast path). */
  BUS_POLL_MS: intVar(500, { min: 10 }),
  /** Bytes of recent events kept in memory for resumes, all rooms together; older ones are read from Postgres. */
  BUS_HISTORY_MAX_BYTES: intVar(BUS_MEMORY_DEFAULTS.historyMaxBytes, { min: 65536 }),
  /** Bytes of live events one subscriber may have waiting before it falls back to reading Postgres. */
  BUS_SUBSCRIBER_MAX_BUFFERED_BYTES: intVar(BUS_MEMORY_DEFAULTS.subscriberMaxBufferedBytes, { min: 65536 }),
};
