import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { runAsLeader } from '../src/index';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('runAsLeader', () => {
  it('checks its lock for a whole term without piling listeners onto the term signal', async () => {
    let listeners = -1;
    const lock = runAsLeader(db.sql, { name: `leak-${Date.now()}`, retryMs: 10, checkMs: 5, onError: () => {} }, async (signal) => {
      // About 40 lock checks: each must take its abort listener back when its timer fires.
      await new Promise((resolve) => setTimeout(resolve, 200));
      listeners = getEventListeners(signal, 'abort').length;
    });
    await expect.poll(() => listeners, { timeout: 5000 }).toBeGreaterThanOrEqual(0);
    await lock.stop();
    expect(listeners).toBeLessThanOrEqual(2);
  });
});
