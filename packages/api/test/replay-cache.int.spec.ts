import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { sayCommand } from '../src/commands/actor-commands';
import { createReplayCache } from '../src/idempotency/replay-cache';
import { createCommitGroup } from '../src/mutation/commit-group';
import { runCommand, type CommandDeps } from '../src/pipeline/run-command';
import { readQueryValues } from '../src/request/query';
import type { ApiRuntime } from '../src/runtime';
import { createRuntimeForTests, failureOf } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db, { MOD_MIN_ACTION_INTERVAL_MS: '0' });
});
afterAll(async () => {
  await db?.drop();
});

describe('replay cache against the stored record', () => {
  it('answers a replay with exactly the committed record, without the store, and a miss still takes the locked path', async () => {
    const sql = db.sql;
    const base = { sql, group: createCommitGroup({ sql, maxSize: 32 }), env: runtime.env, logger: runtime.logger, unread: runtime.unread, moderation: runtime.moderation };
    const cached: CommandDeps = { ...base, replays: createReplayCache() };
    const uncached: CommandDeps = base;
    const say = (deps: CommandDeps, text: string, key: string) =>
      runCommand(
        deps,
        sayCommand,
        { body: { actorId: 'ada', roomId: 'replays', text }, params: {}, query: readQueryValues({}), requestId: crypto.randomUUID(), callerRole: 'agent' },
        key,
      );

    const first = await say(cached, 'hello', 'replay-1');
    expect(first.kind).toBe('executed');
    const [stored] = await sql<{ status_code: number; response_body: string; correlation_id: string }[]>`
      select status_code, response_body, correlation_id from idempotency_keys where idempotency_key = 'replay-1'`;
    const fromStore = await say(uncached, 'hello', 'replay-1');
    // The row is then changed behind the API's back (nothing in the product does this): the
    // cached replay still gives the committed bytes, so it did not read the store.
    await sql`update idempotency_keys set response_body = 'tampered' where idempotency_key = 'replay-1'`;
    const fromMemory = await say(cached, 'hello', 'replay-1');
    expect(fromStore).toEqual({ kind: 'replayed', status: stored!.status_code, body: stored!.response_body, correlationId: stored!.correlation_id });
    expect(fromMemory).toEqual(fromStore);
    expect((await failureOf(say(cached, 'another text', 'replay-1'))).code).toBe('ERR_IDEMPOTENCY_KEY_CONFLICT');

    // A key this process never answered is read from the store under the lock.
    const elsewhere = await say(uncached, 'from another instance', 'replay-2');
    const [row] = await sql<{ response_body: string }[]>`select response_body from idempotency_keys where idempotency_key = 'replay-2'`;
    expect(await say(cached, 'from another instance', 'replay-2')).toMatchObject({ kind: 'replayed', body: row!.response_body });
    expect(elsewhere.body).toBe(row!.response_body);
    expect(await sql`select 1 from events where room_id = 'replays' and type = 'conversation_message_posted'`).toHaveLength(2);
  });
});
