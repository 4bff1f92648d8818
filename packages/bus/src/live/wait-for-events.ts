import type { EventEnvelope } from '@cafe/shared';
import type { SubscribeOptions, Subscription, SubscriptionHandler, WaitForEventsOptions } from '../port';

type Subscribe = (options: SubscribeOptions, handler: SubscriptionHandler) => Subscription;

/**
 * Long-poll on top of a subscription: resolves with the first batch of matching events after
 * the cursor (at most `limit`), or [] when the timeout passes or the signal aborts first.
 */
export function waitForEventsWith(subscribe: Subscribe, options: WaitForEventsOptions): Promise<EventEnvelope[]> {
  const limit = Math.max(1, options.limit ?? 100);
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve([]);
    // Filled in below; `finish` may only run after both exist (delivery is asynchronous).
    const handles: { subscription?: Subscription; timer?: NodeJS.Timeout; done: boolean } = { done: false };
    const onAbort = () => finish([]);
    const finish = (events: EventEnvelope[]) => {
      if (handles.done) return;
      handles.done = true;
      clearTimeout(handles.timer);
      handles.subscription?.close();
      options.signal?.removeEventListener('abort', onAbort);
      resolve(events.slice(0, limit));
    };
    handles.subscription = subscribe(
      { after: options.after, filter: options.filter, pageSize: limit },
      { onEvents: (events) => finish(events) },
    );
    if (handles.done) handles.subscription.close();
    handles.timer = setTimeout(() => finish([]), Math.max(0, options.timeoutMs));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
