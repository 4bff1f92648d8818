export interface WakeSignal {
  /** Wakes the waiter now, or makes its next wait return at once (wakes are coalesced). */
  wake(): void;
  /** Waits for a wake, at most `ms`, or until `abort` fires; true when woken. */
  wait(ms: number, abort?: AbortSignal): Promise<boolean>;
}

/**
 * A level-triggered wake-up for one polling loop: notifications that arrive while the loop is
 * busy are not lost, they make the next wait return immediately.
 */
export function createWakeSignal(): WakeSignal {
  let pending = false;
  let release: ((woken: boolean) => void) | null = null;
  return {
    wake() {
      if (release) {
        const resolve = release;
        release = null;
        resolve(true);
      } else {
        pending = true;
      }
    },
    wait(ms, abort) {
      if (pending || abort?.aborted) {
        const woken = pending;
        pending = false;
        return Promise.resolve(woken);
      }
      return new Promise<boolean>((resolve) => {
        const done = (woken: boolean) => {
          clearTimeout(timer);
          abort?.removeEventListener('abort', onAbort);
          if (release === done) release = null;
          resolve(woken);
        };
        const onAbort = () => done(false);
        const timer = setTimeout(() => done(false), ms);
        abort?.addEventListener('abort', onAbort, { once: true });
        release = done;
      });
    },
  };
}

/** Sleeps `ms`, or less when `abort` fires. */
export function sleep(ms: number, abort?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (abort?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      abort?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    abort?.addEventListener('abort', done, { once: true });
  });
}

/** Resolves when `signal` aborts (at once if it already has): the body of a leader's term. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}
