export interface PeriodicTask {
  /**
   * Runs one tick now, unless one is running (then resolves when that one ends). For start-up
   * and tests; the timer keeps its own pace.
   */
  runNow(): Promise<void>;
  /** Stops the timer; a tick in flight finishes, and its failure is no longer reported. */
  stop(): void;
}

/**
 * Runs `tick` every `everyMs` in the background, never two at once in this process: a tick
 * that takes longer than the interval makes the next ones skip, not pile up. A failing tick is
 * reported through `onError` and the next one runs as usual. The timer does not keep the
 * process alive. Instances of a cluster each run their own; the tick itself must be safe
 * beside another instance's (a try-lock, or SKIP LOCKED batches).
 */
export function runPeriodically(options: { everyMs: number; tick: () => Promise<void>; onError: (error: Error) => void }): PeriodicTask {
  let running: Promise<void> | null = null;
  let stopped = false;

  const runTick = (): Promise<void> => {
    if (running) return running;
    if (stopped) return Promise.resolve();
    running = (async () => {
      try {
        await options.tick();
      } catch (error) {
        if (!stopped) options.onError(error instanceof Error ? error : new Error(String(error)));
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const timer = setInterval(() => void runTick(), options.everyMs);
  timer.unref();

  return {
    runNow: runTick,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
