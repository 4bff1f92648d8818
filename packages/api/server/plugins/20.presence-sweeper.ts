import { defineNitroPlugin } from 'nitropack/runtime';
import { sweepExpiredPresence } from '../../src/presence/sweep-presence';
import { useApiRuntime } from '../../src/runtime';

/**
 * Runs the presence TTL sweep every PRESENCE_SWEEP_MS (docs/policies.md#presence). Sweeps never overlap
 * in this process, and the sweep's advisory lock keeps other instances from sweeping at the
 * same time.
 */
export default defineNitroPlugin((nitroApp) => {
  const runtime = useApiRuntime();
  const { sql } = runtime.db;
  if (!sql) return;
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await runtime.db.ready;
      const result = await sweepExpiredPresence(sql, { unread: runtime.unread });
      if (result.kind === 'swept' && result.events.length > 0) runtime.logger.debug('presence swept', { expired: result.events.length });
    } catch (error) {
      if (!stopped) runtime.logger.warn('presence sweep failed', { error: (error as Error).message });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), runtime.env.PRESENCE_SWEEP_MS);
  timer.unref();
  nitroApp.hooks.hook('close', () => {
    stopped = true;
    clearInterval(timer);
  });
});
