import type { Sql } from '@cafe/db';
import type { Logger } from '@cafe/shared';
import { isSweepDue, nextSweepDelayMs } from '../domain/sweep-plan';
import { readSweepHorizon } from '../repository/read-sweep-horizon';
import type { CapabilityRegistry } from './capability-registry';

export interface SweeperOptions {
  sql: Sql;
  registry: CapabilityRegistry;
  logger: Logger;
  clock?: () => number;
  deregisterAfterSeconds?: number;
  /** Longest sleep between looks at the table; bounds how late a flip can be. */
  tickMs?: number;
  /** Pause after a busy sweep lock (another instance is sweeping) or an error. */
  backoffMs?: number;
}

export interface CapabilitySweeper {
  /** Resolves once the current pass (if any) has finished; no pass starts after. */
  stop(): Promise<void>;
}

/**
 * Flips expired records on time rather than on the next read: each tick is one indexed look
 * at the earliest expiry; a sweep transaction runs only when something is due. It then sleeps
 * until just after the next known expiry, at most `tickMs` (another instance may register an
 * earlier one). Every instance runs one; the sweep lock makes exactly one act on each expiry.
 */
export function startCapabilitySweeper(options: SweeperOptions): CapabilitySweeper {
  const clock = options.clock ?? Date.now;
  const tickMs = options.tickMs ?? 250;
  const backoffMs = options.backoffMs ?? 100;
  const deregisterAfterSeconds = options.deregisterAfterSeconds ?? 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async (): Promise<number> => {
    const horizon = await readSweepHorizon(options.sql, deregisterAfterSeconds > 0);
    if (!isSweepDue(horizon, clock(), deregisterAfterSeconds)) {
      return nextSweepDelayMs(horizon, clock(), deregisterAfterSeconds, tickMs);
    }
    const outcome = await options.registry.sweep();
    if (outcome.kind === 'skipped') return backoffMs;
    return outcome.more ? 0 : Math.min(tickMs, backoffMs);
  };

  let failures = 0;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .then((next) => {
          failures = 0;
          return next;
        })
        .catch((error: Error) => {
          // A database outage: back off (up to 5 s) instead of logging four failures a second.
          failures += 1;
          options.logger.warn('flex_capability_sweep_failed', { error: error.message, failures });
          return Math.min(5000, tickMs * 2 ** failures);
        })
        .then(schedule);
    }, delayMs);
    timer.unref();
  };

  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
