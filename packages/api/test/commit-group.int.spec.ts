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
        work: async (tx: Sql) => {
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
