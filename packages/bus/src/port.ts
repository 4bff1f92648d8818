import type { EventEnvelope } from '@cafe/shared';

/**
 * The event transport port. Apps (API, realtime, projector) depend on this interface only;
 * `createEventTransport` picks the adapter (Redis Streams when a Redis URL is given, Postgres
 * alone otherwise). Every delivery is in `sequence` order and, within one subscription or
 * consumer, exactly once; both adapters catch up from Postgres, so no committed event is ever
 * skipped silently.
 */
export interface EventFilter {
  tenantId?: string;
  roomId?: string;
  /** Event author. */
  actorId?: string;
  /** Event types; empty or absent means all. */
  types?: string[];
}

export type DeliveryPhase = 'catch-up' | 'live';

export interface SubscriptionHandler {
  /**
   * Receives matching events in order. During catch-up the returned promise is awaited before
   * the next page is read (backpressure); live batches should be handled synchronously.
   */
  onEvents(events: EventEnvelope[], phase: DeliveryPhase): void | Promise<void>;
  /** Called once, in order, when the backlog is delivered and live delivery starts. */
  onCaughtUp?(): void;
  /** A read failed; the subscription retries by itself. Informational. */
  onError?(error: Error): void;
}

export interface SubscribeOptions {
  /** Exclusive cursor: events with `sequence > after` are delivered. */
  after: number;
  filter?: EventFilter;
  /** Events per catch-up page (default 500). */
  pageSize?: number;
}

export interface Subscription {
  /** The last sequence handed to the handler (or `after` when none yet). */
  readonly position: number;
  close(): void;
}

export interface WaitForEventsOptions {
  after: number;
  filter?: EventFilter;
  /** Maximum events returned (default 100). */
  limit?: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ConsumeOptions {
  /** Consumer group name (Redis) — one group per job, e.g. `projector`. */
  group: string;
  /** This consumer's name within the group (Redis). */
  consumer: string;
  /** The consumer's durable checkpoint: events with `sequence > after` are handled. */
  after: number;
  batchSize?: number;
}

/**
 * A worker's handler. It resolves once the batch's effects are durable; only then are the
 * events acknowledged. A rejection leaves them pending and they are offered again.
 */
export type ConsumeHandler = (events: EventEnvelope[]) => Promise<void>;

export interface Consumer {
  /** The last sequence whose handler resolved. */
  readonly position: number;
  stop(): Promise<void>;
}

export interface TransportStatus {
  /** `redis` when a Redis URL is configured, else `postgres`. */
  mode: 'redis' | 'postgres';
  /** The global Redis stream in use (null without Redis, or before the transport is ready). */
  streamKey: string | null;
  /** Where live events come from right now (`postgres` while Redis is unreachable). */
  source: 'redis' | 'postgres';
  /** True once the live feed is running and its last read succeeded. */
  connected: boolean;
  /** The last sequence delivered live in this process. */
  position: number;
  lastEventAt: string | null;
  /** Times the live feed lost its source (Redis or Postgres) and recovered. */
  reconnects: number;
  lastError: string | null;
  relay: RelayStatus | null;
  /** Subscriptions open in this process (SSE streams, long polls); each holds a hub listener. */
  subscribers: number;
  /** Recent events held in memory for resumes: counted once per ring that holds them. */
  history: { events: number; bytes: number; maxBytes: number };
}

export interface RelayStatus {
  /** True while this process holds the relay lock and publishes to the stream. */
  leader: boolean;
  /** The last sequence published (by this process) to the stream. */
  position: number;
  lastError: string | null;
}

export interface LogLag {
  /** Settled events after the position (capped at the count limit). */
  events: number;
  /** Milliseconds since the oldest event after the position was created (0 when none). */
  ms: number;
  /** The settled head of the log. */
  head: number;
}

export interface EventTransport {
  readonly mode: 'redis' | 'postgres';
  /** Resolves when the live feed has its start position. */
  readonly ready: Promise<void>;
  /** The settled head of the log: the highest sequence a reader may safely resume after. */
  head(): Promise<number>;
  /** Catch-up from `after`, then live delivery; see SubscriptionHandler. */
  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  /** Long-poll helper: the first matching events after the cursor, or [] on timeout/abort. */
  waitForEvents(options: WaitForEventsOptions): Promise<EventEnvelope[]>;
  /** A durable worker consumer (consumer group with Redis, a log tail with Postgres). */
  consume(options: ConsumeOptions, handler: ConsumeHandler): Consumer;
  /** How far a position is behind the settled head. */
  lag(position: number): Promise<LogLag>;
  status(): TransportStatus;
  close(): Promise<void>;
}
