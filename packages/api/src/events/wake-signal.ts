/** A wake-up for a worker loop: `wait(ms)` resolves on the next `wake()` or after `ms`. */
export function createWake() {
  let pending: (() => void) | null = null;
  let woken = false;
  return {
    wake() {
      woken = true;
      pending?.();
    },
    wait(ms: number): Promise<void> {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          pending = null;
          woken = false;
          resolve();
        }
        pending = done;
      });
    },
  };
}
