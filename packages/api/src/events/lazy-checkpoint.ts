import type { Logger } from '@cafe/shared';

/** The longest an idle consumer's position stays unsaved (redone after a crash, to no effect). */
export const IDLE_CHECKPOINT_MS = 1000;

/**
 * A consumer's checkpoint for batches that changed nothing. A batch that scheduled work moves
 * the checkpoint in the same transaction as that work (`moved`); a batch that found nothing to
 * do only needs the position to move eventually, since handling it again after a crash does
 * nothing either. Saving those at most every `maxDelayMs` keeps an idle consumer from paying a
 * transaction for every commit it sees under load. Stopping saves what is pending.
 */
export function createLazyCheckpoint(options: { save(position: number): Promise<void>; maxDelayMs: number; logger: Logger; name: string }) {
  let saved = 0;
  let pending: number | null = null;
  let lastSaveAt = 0;
  let timer: NodeJS.Timeout | null = null;

  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending === null || pending <= saved) return;
    const position = pending;
    pending = null;
    lastSaveAt = Date.now();
    try {
      await options.save(position);
      saved = Math.max(saved, position);
    } catch (error) {
      // Kept for the next save: the position is only ever behind, never ahead.
      pending = Math.max(pending ?? 0, position);
      options.logger.warn('consumer checkpoint not saved; it is saved with the next batch', { consumer: options.name, error: (error as Error).message });
    }
  };

  return {
    /** A batch up to `position` changed nothing: save now if the last save is old enough, else soon. */
    async idle(position: number): Promise<void> {
      pending = Math.max(pending ?? 0, position);
      const wait = lastSaveAt + options.maxDelayMs - Date.now();
      if (wait <= 0) return flush();
      timer ??= setTimeout(() => void flush(), wait).unref();
    },
    /** The checkpoint was saved up to `position` together with the batch's work. */
    moved(position: number): void {
      saved = Math.max(saved, position);
      lastSaveAt = Date.now();
      if (pending !== null && pending <= saved) pending = null;
    },
    /** Saves what is pending (on stop). */
    flush,
  };
}
