import { describe, expect, it } from 'vitest';
import { createLogger } from '@cafe/shared';
import { createLazyCheckpoint } from '../src/events/lazy-checkpoint';

const logger = createLogger({ service: 'lazy-checkpoint-test', level: 'error' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lazy checkpoint', () => {
  it('saves the first idle batch at once, later ones at most every maxDelayMs, and always the newest', async () => {
    const saves: number[] = [];
    const checkpoint = createLazyCheckpoint({ save: async (position) => void saves.push(position), maxDelayMs: 60, logger, name: 't' });
    await checkpoint.idle(5);
    await checkpoint.idle(9);
    await checkpoint.idle(12);
    expect(saves).toEqual([5]);
    await sleep(100);
    expect(saves).toEqual([5, 12]);
  });

  it('skips a pending position the batch work already saved, and saves the rest on flush', async () => {
    const saves: number[] = [];
    const checkpoint = createLazyCheckpoint({ save: async (position) => void saves.push(position), maxDelayMs: 10_000, logger, name: 't' });
    await checkpoint.idle(3);
    await checkpoint.idle(4);
    checkpoint.moved(7);
    await checkpoint.flush();
    expect(saves).toEqual([3]);
    await checkpoint.idle(8);
    await checkpoint.flush();
    expect(saves).toEqual([3, 8]);
  });

  it('keeps a position whose save failed, and saves it next time', async () => {
    const saves: number[] = [];
    let fail = true;
    const checkpoint = createLazyCheckpoint({
      save: async (position) => {
        if (fail) throw new Error('down');
        saves.push(position);
      },
      maxDelayMs: 0,
      logger,
      name: 't',
    });
    await checkpoint.idle(10);
    fail = false;
    await checkpoint.flush();
    expect(saves).toEqual([10]);
  });
});
