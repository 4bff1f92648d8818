import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgClient, type Sql } from '@cafe/db';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { startCapabilitySweeper } from '../src/registry/capability-sweeper';
import { createTestRegistry, describeEvents, quietLogger, readStatusEvents, registration } from './support';

let db: TestDatabase;
let pools: Sql[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  pools = [createPgClient(db.url, { max: 3 }), createPgClient(db.url, { max: 3 })];
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end({ timeout: 5 })));
  await db?.drop();
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('sweeper (real clock, two instances)', () => {
  it('flips an expired record on time, not on the next read, exactly once', async () => {
    const registries = pools.map((pool) => createTestRegistry(pool));
    const sweepers = pools.map((sql, i) => startCapabilitySweeper({ sql, registry: registries[i]!, logger: quietLogger }));
    try {
      const { stored } = await registries[0]!.register(registration('w', { heartbeat: { intervalSeconds: 1, timeoutSeconds: 1 } }));
      const expiresAtMs = stored.expiresAtMs!;
      const flipped = await waitFor(async () => {
        const events = await readStatusEvents(db.sql, 'w');
        return events.find((e) => e.payload.reason === 'heartbeat_timeout');
      }, 6000);
      // Functional bound of the feature ("within about 1 s of expiry"), with slack for a busy machine.
      const lateByMs = Date.parse(flipped.payload.at) - expiresAtMs;
      expect(lateByMs).toBeGreaterThan(0);
      expect(lateByMs).toBeLessThan(1500);
      // Both sweepers keep running for another second: still one event.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(describeEvents(await readStatusEvents(db.sql, 'w'))).toEqual(['none→active:registered', 'active→inactive:heartbeat_timeout']);
      expect(await db.sql`select status from flex_capabilities`).toEqual([{ status: 'inactive' }]);
    } finally {
      await Promise.all(sweepers.map((sweeper) => sweeper.stop()));
    }
  });
});
