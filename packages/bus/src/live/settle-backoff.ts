/** Delay of the first re-read while committed events wait to settle; doubles up to the cap. */
const FIRST_DELAY_MS = 2;
const MAX_DELAY_MS = 50;

/**
 * The next short wait of a log tail while committed events are still unsettled (an older
 * transaction on the server is still open; it usually finishes within milliseconds). Starts
 * at 2 ms and doubles up to 50 ms; `previous` is the last short wait, or 0 after a settled read.
 */
export function nextSettleDelay(previous: number): number {
  return previous <= 0 ? FIRST_DELAY_MS : Math.min(previous * 2, MAX_DELAY_MS);
}

/** Checks whether events after a cursor are committed but not yet settled (Postgres). */
export type HasUnsettled = (after: number) => Promise<boolean>;

/**
 * How long a tail waits before its next read: a short, growing delay while events after its
 * position are committed but unsettled, else `pollMs` (a commit notification cuts either
 * short). A failed check counts as settled: the poll still comes.
 */
export async function chooseTailWait(hasUnsettled: HasUnsettled, position: number, previous: number, pollMs: number): Promise<number> {
  let unsettled = false;
  try {
    unsettled = await hasUnsettled(position);
  } catch {
    unsettled = false;
  }
  return unsettled ? Math.min(pollMs, nextSettleDelay(previous)) : 0;
}
