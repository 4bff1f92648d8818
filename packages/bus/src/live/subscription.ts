import type { EventEnvelope } from '@cafe/shared';
import { filterEvents } from '../filter';
import type { DeliveryPhase, EventFilter, SubscribeOptions, Subscription, SubscriptionHandler } from '../port';
import type { EventHistory } from './history';
import { measureEventBytes } from './event-bytes';
import type { LiveHub } from './hub';

export interface SubscriptionDeps {
  hub: LiveHub;
  history: EventHistory;
  /** Resolves once the hub has its start position (never rejects). */
  ready: Promise<void>;
  /** Settled events after a cursor, ascending (Postgres). */
  readPage(after: number, filter: EventFilter | undefined, limit: number): Promise<EventEnvelope[]>;
  retryDelayMs: number;
  /**
   * Live events held for one subscriber (while it catches up, or while its handler is
   * busy) before they are dropped and re-read from Postgres instead: memory stays bounded.
   */
  maxBuffered: number;
  /** The same bound in bytes (measureEventBytes), so a few large events trip it too. */
  maxBufferedBytes: number;
}

type QueueItem = { kind: 'events'; events: EventEnvelope[]; phase: DeliveryPhase } | { kind: 'caught-up' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sumBytes(events: EventEnvelope[]): number {
  let total = 0;
  for (const event of events) total += measureEventBytes(event);
  return total;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/**
 * One subscriber's catch-up and hand-over (docs/streams.md#the-api-stream and docs/streams.md#the-realtime-stream): the
 * live listener is registered first and buffers; the backlog is read from memory or Postgres
 * in pages; then the buffer is flushed with sequence de-duplication and delivery goes live.
 * Everything the handler sees passes one ordered queue, so order holds across the phases.
 */
export function openSubscription(deps: SubscriptionDeps, options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
  const filter = options.filter;
  const pageSize = Math.max(1, options.pageSize ?? 500);
  let closed = false;
  let live = false;
  let caughtUpSent = false;
  /** Highest sequence put on the queue: the de-duplication bound. */
  let lastEnqueued = options.after;
  /** Highest sequence handed to the handler. */
  let position = options.after;
  let buffer: EventEnvelope[] = [];
  let bufferedBytes = 0;
  let overflowed = false;
  const queue: QueueItem[] = [];
  let queuedEvents = 0;
  /** Bytes of the live items on the queue (catch-up pages are bounded by the page size). */
  let queuedLiveBytes = 0;
  let pumping = false;
  let idleWaiters: Array<() => void> = [];

  const report = (error: unknown) => handler.onError?.(error instanceof Error ? error : new Error(String(error)));

  const settleIdle = () => {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pump = (): void => {
    if (pumping) return;
    pumping = true;
    while (queue.length > 0 && !closed) {
      const item = queue.shift()!;
      let result: unknown;
      try {
        if (item.kind === 'events') {
          queuedEvents -= item.events.length;
          if (item.phase === 'live') queuedLiveBytes -= sumBytes(item.events);
          position = item.events[item.events.length - 1]!.sequence;
          result = handler.onEvents(item.events, item.phase);
        } else {
          result = handler.onCaughtUp?.();
        }
      } catch (error) {
        report(error);
      }
      if (isPromise(result)) {
        result.then(undefined, report).finally(() => {
          pumping = false;
          pump();
        });
        return;
      }
    }
    pumping = false;
    settleIdle();
  };

  const waitIdle = () => (pumping || queue.length > 0) && !closed ? new Promise<void>((resolve) => idleWaiters.push(resolve)) : Promise.resolve();

  const enqueue = (events: EventEnvelope[], phase: DeliveryPhase) => {
    const fresh = events.filter((event) => event.sequence > lastEnqueued);
    if (fresh.length === 0) return;
    lastEnqueued = fresh[fresh.length - 1]!.sequence;
    queue.push({ kind: 'events', events: fresh, phase });
    queuedEvents += fresh.length;
    if (phase === 'live') queuedLiveBytes += sumBytes(fresh);
  };

  const clearBuffer = () => {
    buffer = [];
    bufferedBytes = 0;
  };

  const attach = (pending: EventEnvelope[]) => {
    enqueue(pending, 'catch-up');
    clearBuffer();
    overflowed = false;
    live = true;
    if (!caughtUpSent) {
      caughtUpSent = true;
      queue.push({ kind: 'caught-up' });
    }
    pump();
  };

  const catchUp = async () => {
    await deps.ready;
    while (!closed) {
      try {
        const recent = deps.history.readAfter(lastEnqueued, filter);
        if (recent !== null) {
          // Memory covers the cursor up to the hub position, buffered events included.
          attach(recent);
          return;
        }
        const page = await deps.readPage(lastEnqueued, filter, pageSize);
        if (closed) return;
        enqueue(page, 'catch-up');
        pump();
        await waitIdle();
        if (page.length < pageSize) {
          if (overflowed) {
            // Dropped live events are settled, so the next Postgres page has them.
            overflowed = false;
            clearBuffer();
            continue;
          }
          attach(buffer);
          return;
        }
      } catch (error) {
        report(error);
        await sleep(deps.retryDelayMs);
      }
    }
  };

  const listener = (events: EventEnvelope[]) => {
    if (closed) return;
    const matching = filterEvents(events, filter);
    if (matching.length === 0) return;
    if (live) {
      enqueue(matching, 'live');
      if (queuedEvents > deps.maxBuffered || queuedLiveBytes > deps.maxBufferedBytes) {
        // The handler cannot keep up: drop the queue and fall back to reading the log.
        queue.length = 0;
        queuedEvents = 0;
        queuedLiveBytes = 0;
        lastEnqueued = position;
        live = false;
        clearBuffer();
        void catchUp();
        return;
      }
      pump();
      return;
    }
    if (overflowed) return;
    buffer.push(...matching);
    bufferedBytes += sumBytes(matching);
    if (buffer.length > deps.maxBuffered || bufferedBytes > deps.maxBufferedBytes) {
      clearBuffer();
      overflowed = true;
    }
  };

  const removeListener = deps.hub.addListener(listener, filter);
  void catchUp();

  return {
    get position() {
      return position;
    },
    close() {
      if (closed) return;
      closed = true;
      removeListener();
      queue.length = 0;
      clearBuffer();
      settleIdle();
    },
  };
}
