import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { createHorizonWatch, readHorizonHolder } from '../src/index';

const databases: TestDatabase[] = [];
let release: (() => Promise<void>) | undefined;

afterEach(async () => {
  await release?.();
  release = undefined;
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a transaction in `db` that takes an xid and stays open until `release`. */
async function holdTransaction(db: TestDatabase): Promise<{ pid: number; xid: string }> {
  const holder = await db.sql.reserve();
  await holder`begin`;
  const [row] = await holder<{ pid: number; xid: string }[]>`select pg_backend_pid() as pid, pg_current_xact_id()::text as xid`;
  release = async () => {
    await holder`rollback`;
    holder.release();
  };
  return row!;
}

describe('the cluster-wide read horizon', () => {
  it('is reported stuck, naming the pid and database, when a transaction in another database holds it past the threshold', async () => {
    const ours = await createTestDatabase({ migrate: false });
    const other = await createTestDatabase({ migrate: false, prefix: 'cafe_other' });
    databases.push(ours, other);
    const watch = createHorizonWatch(ours.sql, { stuckAfterMs: 1000 });

    const { pid, xid } = await holdTransaction(other);
    const observed = await readHorizonHolder(ours.sql);
    expect(observed).toMatchObject({ held: true, holder: { kind: 'session', pid, database: other.name, backendXid: xid } });
    expect(BigInt(observed.xmin)).toBeLessThanOrEqual(BigInt(xid));

    // Wait on the holder's own age (server clock), not on a guess.
    while (((await readHorizonHolder(ours.sql)).holder?.ageMs ?? 0) < 1000) await sleep(200);
    const stuck = await watch.check();
    expect(stuck).toMatchObject({ stuck: true, stuckAfterMs: 1000, holder: { pid, database: other.name } });
    expect(stuck.heldForMs).toBeGreaterThanOrEqual(1000);
    expect(stuck.problem).toContain(`held by pid ${pid} in database "${other.name}"`);

    await release!();
    release = undefined;
    const after = await watch.check();
    expect(after.stuck).toBe(false);
    expect(after.holder?.pid).not.toBe(pid);
  });

  it('is not stuck while the holder is younger than the threshold', async () => {
    const ours = await createTestDatabase({ migrate: false });
    const other = await createTestDatabase({ migrate: false, prefix: 'cafe_other' });
    databases.push(ours, other);
    const { pid } = await holdTransaction(other);
    const health = await createHorizonWatch(ours.sql, { stuckAfterMs: 600_000 }).check();
    expect(health).toMatchObject({ stuck: false, problem: null, holder: { pid } });
  });
});
