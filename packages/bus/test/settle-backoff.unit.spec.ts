import { describe, expect, it } from 'vitest';
import { chooseTailWait, nextSettleDelay } from '../src/live/settle-backoff';

describe('tail waits while committed events settle', () => {
  it('starts at 2 ms and doubles up to 50 ms', () => {
    const delays = [0];
    for (let i = 0; i < 7; i += 1) delays.push(nextSettleDelay(delays[delays.length - 1]!));
    expect(delays.slice(1)).toEqual([2, 4, 8, 16, 32, 50, 50]);
  });

  it('waits briefly while events are unsettled, never longer than the poll, and polls otherwise', async () => {
    expect(await chooseTailWait(async () => true, 10, 0, 500)).toBe(2);
    expect(await chooseTailWait(async () => true, 10, 32, 500)).toBe(50);
    expect(await chooseTailWait(async () => true, 10, 32, 20)).toBe(20);
    expect(await chooseTailWait(async () => false, 10, 8, 500)).toBe(0);
    expect(await chooseTailWait(async () => Promise.reject(new Error('down')), 10, 8, 500)).toBe(0);
  });
});
