import { describe, expect, it } from 'vitest';
import { decideHorizonHealth, type HorizonHolder } from '../src/horizon/index';

const holder: HorizonHolder = {
  kind: 'session',
  pid: 4242,
  database: 'reports',
  user: 'analyst',
  applicationName: 'psql',
  state: 'idle in transaction',
  backendXid: '901',
  backendXmin: '901',
  xactStart: new Date('2030-01-01T00:00:00Z'),
  ageMs: 95_000,
};

describe('decideHorizonHealth', () => {
  it('is fine when no transaction holds the horizon', () => {
    expect(decideHorizonHealth({ xmin: '900', held: false, holder: null }, { stuckAfterMs: 30_000, heldSinceMs: null, nowMs: 0 })).toEqual({
      stuck: false,
      stuckAfterMs: 30_000,
      xmin: '900',
      heldForMs: null,
      holder: null,
      problem: null,
    });
  });

  it('is fine while the holder is younger than the threshold (every write holds it until commit)', () => {
    const health = decideHorizonHealth({ xmin: '901', held: true, holder: { ...holder, ageMs: 200 } }, { stuckAfterMs: 30_000, heldSinceMs: 0, nowMs: 0 });
    expect(health).toMatchObject({ stuck: false, heldForMs: 200, problem: null, holder: { pid: 4242 } });
  });

  it('is stuck past the threshold, naming the pid, its database and age, and what to do', () => {
    const health = decideHorizonHealth({ xmin: '901', held: true, holder }, { stuckAfterMs: 30_000, heldSinceMs: null, nowMs: 0 });
    expect(health.stuck).toBe(true);
    expect(health.heldForMs).toBe(95_000);
    expect(health.problem).toBe(
      'event reads are held back: the Postgres server\'s transaction horizon has not moved for 95 s, held by pid 4242 in database "reports" ' +
        '(user "analyst", application "psql", idle in transaction); end that transaction or pg_terminate_backend(4242)',
    );
  });

  it('names a prepared transaction by its xid', () => {
    const prepared: HorizonHolder = { ...holder, kind: 'prepared', pid: null, state: null, applicationName: null, backendXmin: null };
    const health = decideHorizonHealth({ xmin: '901', held: true, holder: prepared }, { stuckAfterMs: 1000, heldSinceMs: null, nowMs: 0 });
    expect(health.problem).toContain('held by prepared transaction xid 901 in database "reports"; COMMIT PREPARED or ROLLBACK PREPARED it');
  });

  it('times a holder it cannot see from when this process first saw the same xmin held', () => {
    const observation = { xmin: '901', held: true, holder: null };
    expect(decideHorizonHealth(observation, { stuckAfterMs: 30_000, heldSinceMs: 1_000, nowMs: 20_000 })).toMatchObject({ stuck: false, heldForMs: 19_000 });
    const stuck = decideHorizonHealth(observation, { stuckAfterMs: 30_000, heldSinceMs: 1_000, nowMs: 41_000 });
    expect(stuck).toMatchObject({ stuck: true, heldForMs: 40_000 });
    expect(stuck.problem).toContain('held by a transaction this database user cannot see (grant it pg_read_all_stats to name it)');
  });
});
