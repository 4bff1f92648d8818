import { defineNitroPlugin } from 'nitropack/runtime';
import { runPeriodically } from '../../src/periodic/run-periodically';
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
  const sweeper = runPeriodically({
    everyMs: runtime.env.PRESENCE_SWEEP_MS,
    async tick() {
      await runtime.db.ready;
      const result = await sweepExpiredPresence(sql, { unread: runtime.unread });
      if (result.kind === 'swept' && result.events.length > 0) runtime.logger.debug('presence swept', { expired: result.events.length });
    },
    onError: (error) => runtime.logger.warn('presence sweep failed', { error: error.message }),
  });
  nitroApp.hooks.hook('close', () => sweeper.stop());
});
