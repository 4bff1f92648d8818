import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgClient, type Sql } from '@cafe/db';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { createTestRegistry, describeEvents, manualClock, readStatusEvents, registration } from './support';

let db: TestDatabase;
// Two pools stand for two registry processes: their statements really run side by side.
let poolA: Sql;
let poolB: Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  poolA = createPgClient(db.url, { max: 6, applicationName: 'flex-test-a' });
  poolB = createPgClient(db.url, { max: 6, applicationName: 'flex-test-b' });
});

afterAll(async () => {
  await Promise.all([poolA?.end({ timeout: 5 }), poolB?.end({ timeout: 5 })]);
  await db?.drop();
});

beforeEach(async () => {
  await db.sql`truncate flex_capabilities, events`;
});

describe('concurrency', () => {
  it('100 concurrent registrations of one id → one row, one registered event', async () => {
    const a = createTestRegistry(poolA);
    const b = createTestRegistry(poolB);
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).register(registration('hot.id', { version: `v${i}` }))),
    );
    expect(outcomes.filter((o) => o.kind === 'registered')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'refreshed')).toHaveLength(99);
    expect(await db.sql`select count(*)::int as n from flex_capabilities`).toEqual([{ n: 1 }]);
    expect(describeEvents(await readStatusEvents(db.sql))).toEqual(['none→active:registered']);
  });

  it('two instances sweeping the same expiry → one status-change event', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const a = createTestRegistry(poolA, { clock: clock.now });
    const b = createTestRegistry(poolB, { clock: clock.now });
    await a.register(registration('w', { heartbeat: { intervalSeconds: 1, timeoutSeconds: 2 } }));
    clock.advance(2001);
    // Several rounds of simultaneous sweeps, so the losing side also runs after the winner committed.
    const outcomes = [];
    for (let round = 0; round < 5; round += 1) outcomes.push(...(await Promise.all([a.sweep(), b.sweep(), a.sweep(), b.sweep()])));
    const flips = outcomes.flatMap((o) => (o.kind === 'swept' ? o.inactive : []));
    expect(flips).toHaveLength(1);
    expect(describeEvents(await readStatusEvents(db.sql))).toEqual(['none→active:registered', 'active→inactive:heartbeat_timeout']);
  });

  it('heartbeats and registrations racing two sweepers keep events and rows consistent', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const a = createTestRegistry(poolA, { clock: clock.now, cacheTtlMs: 0 });
    const b = createTestRegistry(poolB, { clock: clock.now, cacheTtlMs: 0 });
    const ids = Array.from({ length: 12 }, (_, i) => `cap.${i}`);
    const beat = { heartbeat: { intervalSeconds: 1, timeoutSeconds: 1 } };
    await Promise.all(ids.map((id) => a.register(registration(id, beat))));
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 40; round += 1) {
      clock.advance(Math.floor(random() * 900));
      const work: Promise<unknown>[] = [a.sweep(), b.sweep()];
      for (const id of ids) {
        const pick = random();
        const registry = random() < 0.5 ? a : b;
        if (pick < 0.35) work.push(registry.heartbeat(id));
        else if (pick < 0.45) work.push(registry.register(registration(id, beat)));
      }
      await Promise.all(work);
    }
    const rows = await db.sql<{ capability_id: string; status: string }[]>`select capability_id, status from flex_capabilities`;
    const events = await readStatusEvents(db.sql);
    let flips = 0;
    for (const { capability_id: id, status } of rows) {
      const chain = events.filter((e) => e.payload.capabilityId === id).map((e) => e.payload);
      expect(chain[0]).toMatchObject({ fromStatus: null, toStatus: 'active' });
      for (let i = 1; i < chain.length; i += 1) {
        // Each change starts from the status the previous one ended in: no duplicates, no gaps.
        expect(chain[i]!.fromStatus).toBe(chain[i - 1]!.toStatus);
      }
      expect(chain.at(-1)!.toStatus).toBe(status);
      flips += chain.length - 1;
    }
    // The schedule above does make records expire and come back; otherwise this proves nothing.
    expect(flips).toBeGreaterThan(10);
  });
});
