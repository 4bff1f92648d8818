import { defineNitroPlugin } from 'nitropack/runtime';
import { runPeriodically } from '../../src/periodic/run-periodically';
import { useApiRuntime } from '../../src/runtime';
import { sweepExpiredTableSessions } from '../../src/tables/sweep-table-sessions';

/**
 * Ends expired private-table sessions every TABLE_SESSION_SWEEP_MS (docs/private-tables.md#the-pieces). Sweeps
 * never overlap in this process, and the sweep's advisory try-lock keeps other instances from
 * sweeping at the same time, so each expiry is announced once.
 */
export default defineNitroPlugin((nitroApp) => {
  const runtime = useApiRuntime();
  const { sql } = runtime.db;
  if (!sql) return;
  const sweeper = runPeriodically({
    everyMs: runtime.env.TABLE_SESSION_SWEEP_MS,
    async tick() {
      await runtime.db.ready;
      const result = await sweepExpiredTableSessions(sql, { unread: runtime.unread });
      if (result.kind === 'swept' && result.ended.length > 0) runtime.logger.info('table sessions expired', { ended: result.ended.length });
    },
    onError: (error) => runtime.logger.warn('table session sweep failed', { error: error.message }),
  });
  nitroApp.hooks.hook('close', () => sweeper.stop());
});
