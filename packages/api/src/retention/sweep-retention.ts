import type { Sql } from '@cafe/db';
import { deleteExpiredIdempotencyRecords } from '../idempotency/delete-expired-idempotency-records';
import { deleteOldTraces } from '../traces/delete-old-traces';
import { decideRetentionCutoffs, RETENTION_BATCH_SIZE, RETENTION_MAX_BATCHES, shouldSweepAnotherBatch } from './decide-retention';

export interface RetentionSweepResult {
  idempotencyRecords: number;
  traces: number;
}

export interface RetentionSweepOptions {
  now?: Date;
  /** TRACE_RETENTION_MS. */
  traceRetentionMs: number;
  batchSize?: number;
  maxBatches?: number;
}

/** Runs `deleteBatch` until a batch comes back short or the sweep's batch budget is spent. */
async function deleteInBatches(deleteBatch: (limit: number) => Promise<number>, batchSize: number, maxBatches: number): Promise<number> {
  let total = 0;
  for (let batches = 1; ; batches += 1) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (!shouldSweepAnotherBatch(deleted, batchSize, batches, maxBatches)) return total;
  }
}

/**
 * One retention sweep (docs/operations.md#retention): deletes expired idempotency records and
 * traces older than the trace retention, in bounded batches. Every batch is its own short
 * statement, so the sweep never holds back the event log's read horizon for long, and batches
 * skip rows another instance's sweep holds, so instances sweeping together share the work.
 */
export async function sweepRetention(sql: Sql, options: RetentionSweepOptions): Promise<RetentionSweepResult> {
  const cutoffs = decideRetentionCutoffs(options.now ?? new Date(), options.traceRetentionMs);
  const batchSize = options.batchSize ?? RETENTION_BATCH_SIZE;
  const maxBatches = options.maxBatches ?? RETENTION_MAX_BATCHES;
  const idempotencyRecords = await deleteInBatches((limit) => deleteExpiredIdempotencyRecords(sql, cutoffs.idempotencyExpiredBy, limit), batchSize, maxBatches);
  const traces = await deleteInBatches((limit) => deleteOldTraces(sql, cutoffs.tracesStartedBefore, limit), batchSize, maxBatches);
  return { idempotencyRecords, traces };
}
