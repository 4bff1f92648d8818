import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '@cafe/db';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { sayCommand } from '../src/commands/actor-commands';
import { createCommitGroup } from '../src/mutation/commit-group';
import { runCommand, type CommandDeps } from '../src/pipeline/run-command';
import { readQueryValues } from '../src/request/query';
import type { ApiRuntime } from '../src/runtime';
import { bodyOf, createRuntimeForTests, failureOf, waitUntilSettled } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db, { MOD_MIN_ACTION_INTERVAL_MS: '0' });
  await db.sql`create table group_probe (name text primary key, xid text not null)`;
});
afterAll(async () => {
  await db?.drop();
});

describe('commit group', () => {
  it('runs concurrent members in one transaction; a failing member undoes only its own writes', async () => {
    const group = createCommitGroup({ sql: db.sql, maxSize: 32 });
    const write = (name: string, fail: boolean) =>
      group.run({
        locks: [`probe:${name}`],
        work: async ({ tx }) => {
          const [row] = await tx<{ xid: string }[]>`insert into group_probe (name, xid) values (${name}, pg_current_xact_id()::text) returning xid`;
          if (fail) throw new Error(`member ${name} failed after writing`);
          return row!.xid;
        },
      });
    // The first starts a transaction at once; the next four arrive while it runs and share one.
    const first = write('first', false);
    const rest = [write('a', false), write('b', true), write('c', false), write('d', false)];
    const results = await Promise.allSettled([first, ...rest]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('member b failed after writing');
    const rows = await db.sql<{ name: string; xid: string }[]>`select name, xid from group_probe order by name`;
    expect(rows.map((row) => row.name)).toEqual(['a', 'c', 'd', 'first']);
    const shared = rows.filter((row) => row.name !== 'first').map((row) => row.xid);
    expect(new Set(shared).size).toBe(1);
  });

  describe('members that mark their writes', () => {
    const group = () => createCommitGroup({ sql: db.sql, maxSize: 32 });
    const insert = (tx: Sql, name: string) => tx<{ xid: string }[]>`insert into group_probe (name, xid) values (${name}, pg_current_xact_id()::text) returning xid`;

    it('run side by side in one transaction; one refused before writing gets its error, the rest commit', async () => {
      const commits = group();
      let arrived = 0;
      let release!: () => void;
      const everyoneHere = new Promise<void>((resolve) => (release = resolve));
      const member = (name: string, refuse: boolean) =>
        commits.run({
          locks: [`side:${name}`],
          marksWrites: true,
          work: async ({ tx, writing }) => {
            await tx`select 1`;
            // A barrier: one by one, the first member would wait here for ever.
            if (++arrived === 4) release();
            await everyoneHere;
            if (refuse) throw new Error(`member ${name} refused`);
            writing();
            const [row] = await insert(tx, name);
            return row!.xid;
          },
        });
      const first = commits.run({ locks: ['side:first'], marksWrites: true, work: async ({ tx }) => (await tx`select 1`, 'first') });
      const results = await Promise.allSettled([first, member('s1', false), member('s2', true), member('s3', false), member('s4', false)]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const rows = await db.sql<{ name: string; xid: string }[]>`select name, xid from group_probe where name like 's%' order by name`;
      expect(rows.map((row) => row.name)).toEqual(['s1', 's3', 's4']);
      expect(new Set(rows.map((row) => row.xid)).size).toBe(1);
    });

    it('a failure after writing rolls the group back and runs it one by one, so only that member is undone', async () => {
      const commits = group();
      const member = (name: string, fail: boolean) =>
        commits.run({
          locks: [`after:${name}`],
          marksWrites: true,
          work: async ({ tx, writing }) => {
            writing();
            await insert(tx, name);
            if (fail) throw new Error(`member ${name} failed after writing`);
            return name;
          },
        });
      const first = member('w0', false);
      const results = await Promise.allSettled([first, member('w1', false), member('w2', true), member('w3', false)]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseRejectedResult).reason.message).toBe('member w2 failed after writing');
      const rows = await db.sql<{ name: string }[]>`select name from group_probe where name like 'w%' order by name`;
      expect(rows.map((row) => row.name)).toEqual(['w0', 'w1', 'w3']);
    });

    it('a statement error before writing (Postgres aborts the transaction) also sends the group one by one', async () => {
      const commits = group();
      const member = (name: string, broken: boolean) =>
        commits.run({
          locks: [`read:${name}`],
          marksWrites: true,
          work: async ({ tx, writing }) => {
            if (broken) await tx`select 1 / 0`;
            writing();
            await insert(tx, name);
            return name;
          },
        });
      const first = member('r0', false);
      const results = await Promise.allSettled([first, member('r1', false), member('r2', true), member('r3', false)]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseRejectedResult).reason.message).toMatch(/division by zero/);
      const rows = await db.sql<{ name: string }[]>`select name from group_probe where name like 'r%' order by name`;
      expect(rows.map((row) => row.name)).toEqual(['r0', 'r1', 'r3']);
    });

    it('members sharing a key see each other in arrival order', async () => {
      const commits = group();
      const member = (name: string) =>
        commits.run({
          locks: ['order:shared'],
          marksWrites: true,
          work: async ({ tx, writing }) => {
            const before = await tx<{ count: number }[]>`select count(*)::int as count from group_probe where name like 'o%'`;
            writing();
            await insert(tx, name);
            return before[0]!.count;
          },
        });
      const seen = await Promise.all(['o0', 'o1', 'o2', 'o3', 'o4'].map(member));
      expect(seen).toEqual([0, 1, 2, 3, 4]);
    });
  });

  it('gives each command of a batch its own answer: one is refused, the others commit their events', async () => {
    const sql = db.sql;
    const deps: CommandDeps = {
      sql,
      group: createCommitGroup({ sql, maxSize: 32 }),
      env: runtime.env,
      logger: runtime.logger,
      unread: runtime.unread,
      moderation: runtime.moderation,
    };
    const say = (actorId: string, text: unknown) =>
      runCommand(
        deps,
        sayCommand,
        { body: { actorId, roomId: 'batch', text }, params: {}, query: readQueryValues({}), requestId: crypto.randomUUID(), callerRole: 'agent' },
        crypto.randomUUID(),
      );
    const tooLong = 'x'.repeat(runtime.env.API_MAX_CHAT_MESSAGE_CHARS + 1);
    const calls = [say('warm-up', 'hello'), say('ada', 'one'), say('bob', tooLong), say('cy', 'three'), say('ada', 'four')];
    const settled = await Promise.allSettled(calls);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(((settled[2] as PromiseRejectedResult).reason as { code: string }).code).toBe('ERR_OUT_OF_BOUNDS');
    const answers = settled.filter((result) => result.status === 'fulfilled').map((result) => bodyOf<{ eventId: string; sequence: number; actorId: string }>(result.value));
    expect(answers.map((answer) => answer.data.actorId)).toEqual(['warm-up', 'ada', 'cy', 'ada']);
    await waitUntilSettled(sql);
    const messages = await sql<{ actor_id: string; sequence: string }[]>`
      select actor_id, sequence from events where room_id = 'batch' and type = 'conversation_message_posted' order by sequence`;
    expect(messages.map((row) => row.actor_id)).toEqual(['warm-up', 'ada', 'cy', 'ada']);
    expect(messages.map((row) => Number(row.sequence))).toEqual(answers.map((answer) => answer.data.sequence));
    expect(await sql`select 1 from events where room_id = 'batch' and actor_id = 'bob'`).toHaveLength(0);
    // The refused one's key is free: the same key with a valid body would execute, not replay.
    expect((await failureOf(say('bob', tooLong))).code).toBe('ERR_OUT_OF_BOUNDS');
  });
});
