export type WriteDecision = 'write' | 'drop';

/**
 * Whether a frame may be queued for a client: a client whose unsent bytes would exceed the cap
 * (REALTIME_CLIENT_BUFFER_BYTES) is not reading; it is dropped instead of growing memory, and
 * can resume with its Last-Event-ID.
 */
export function decideWrite(unsentBytes: number, frameBytes: number, capBytes: number): WriteDecision {
  return unsentBytes + frameBytes > capBytes ? 'drop' : 'write';
}

/** During replay, pause for the socket to drain once half the cap is queued (backpressure). */
export function shouldAwaitDrain(unsentBytes: number, capBytes: number): boolean {
  return unsentBytes >= capBytes / 2;
}
