/**
 * How long after its expiry an idempotency record is deleted. Each API instance decides on its
 * own clock whether a record is live; the margin keeps an instance whose clock runs a little
 * ahead from deleting a record another instance still treats as live (and may still replay
 * from memory).
 */
export const IDEMPOTENCY_DELETE_MARGIN_MS = 60_000;

/** Rows deleted per statement: each batch is one short transaction. */
export const RETENTION_BATCH_SIZE = 1000;

/** Batches per table and sweep: a large backlog is worked off over several sweeps. */
export const RETENTION_MAX_BATCHES = 50;

export interface RetentionCutoffs {
  /** Idempotency records that expired at or before this instant go. */
  idempotencyExpiredBy: Date;
  /** Traces started before this instant go. */
  tracesStartedBefore: Date;
}

/** What one retention sweep at `now` deletes (docs/operations.md#retention). */
export function decideRetentionCutoffs(now: Date, traceRetentionMs: number): RetentionCutoffs {
  return {
    idempotencyExpiredBy: new Date(now.getTime() - IDEMPOTENCY_DELETE_MARGIN_MS),
    tracesStartedBefore: new Date(now.getTime() - traceRetentionMs),
  };
}

/** Whether a sweep goes on with another batch after one that deleted `deleted` rows. */
export function shouldSweepAnotherBatch(deleted: number, batchSize: number, batchesDone: number, maxBatches: number): boolean {
  return deleted >= batchSize && batchesDone < maxBatches;
}
