import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPeriodically } from '../src/periodic/run-periodically';

afterEach(() => {
  vi.useRealTimers();
});

/** A tick the test finishes by hand. */
function createManualTick() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const tick = vi.fn(() => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })));
  return { tick, pending };
}

describe('runPeriodically', () => {
  it('ticks every interval and never runs two ticks at once', async () => {
    vi.useFakeTimers();
    const { tick, pending } = createManualTick();
    const task = runPeriodically({ everyMs: 100, tick, onError: () => {} });
    await vi.advanceTimersByTimeAsync(100);
    expect(tick).toHaveBeenCalledTimes(1);
    // The first tick is still running: the next intervals skip instead of piling up.
    await vi.advanceTimersByTimeAsync(300);
    expect(tick).toHaveBeenCalledTimes(1);
    pending[0]!.resolve();
    await vi.advanceTimersByTimeAsync(100);
    expect(tick).toHaveBeenCalledTimes(2);
    task.stop();
  });

  it('reports a failing tick and goes on ticking', async () => {
    vi.useFakeTimers();
    const { tick, pending } = createManualTick();
    const onError = vi.fn();
    const task = runPeriodically({ everyMs: 100, tick, onError });
    await vi.advanceTimersByTimeAsync(100);
    pending[0]!.reject(new Error('database gone'));
    await vi.advanceTimersByTimeAsync(0);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'database gone' }));
    await vi.advanceTimersByTimeAsync(100);
    expect(tick).toHaveBeenCalledTimes(2);
    task.stop();
  });

  it('runNow shares a running tick instead of starting a second one', async () => {
    const { tick, pending } = createManualTick();
    const task = runPeriodically({ everyMs: 60_000, tick, onError: () => {} });
    const first = task.runNow();
    const second = task.runNow();
    expect(tick).toHaveBeenCalledTimes(1);
    pending[0]!.resolve();
    await Promise.all([first, second]);
    task.stop();
  });

  it('stops: no more ticks, no timer, and a tick in flight that fails afterwards is not reported', async () => {
    vi.useFakeTimers();
    const { tick, pending } = createManualTick();
    const onError = vi.fn();
    const task = runPeriodically({ everyMs: 100, tick, onError });
    await vi.advanceTimersByTimeAsync(100);
    task.stop();
    expect(vi.getTimerCount()).toBe(0);
    pending[0]!.reject(new Error('pool closed at shutdown'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(tick).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
    await task.runNow();
    expect(tick).toHaveBeenCalledTimes(1);
  });
});
