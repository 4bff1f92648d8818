import { defineNitroPlugin } from 'nitropack/runtime';
import { runPeriodically } from '../../src/periodic/run-periodically';
import { sweepRetention } from '../../src/retention/sweep-retention';
import { useApiRuntime } from '../../src/runtime';

/**
 * Deletes expired idempotency records and traces older than TRACE_RETENTION_MS every
 * RETENTION_SWEEP_MS (docs/operations.md#retention). Sweeps never overlap in this process;
 * other instances sweep beside it on disjoint rows.
 */
export default defineNitroPlugin((nitroApp) => {
  const runtime = useApiRuntime();
  const { sql } = runtime.db;
  if (!sql) return;
  const sweeper = runPeriodically({
    everyMs: runtime.env.RETENTION_SWEEP_MS,
    async tick() {
      await runtime.db.ready;
      const deleted = await sweepRetention(sql, { traceRetentionMs: runtime.env.TRACE_RETENTION_MS });
      if (deleted.idempotencyRecords > 0 || deleted.traces > 0) runtime.logger.info('retention sweep', deleted);
    },
    onError: (error) => runtime.logger.warn('retention sweep failed', { error: error.message }),
  });
  nitroApp.hooks.hook('close', () => sweeper.stop());
});
