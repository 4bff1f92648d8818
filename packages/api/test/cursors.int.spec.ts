import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { sayCommand } from '../src/commands/actor-commands';
import { readMentionsPage } from '../src/event-reads/read-event-log';
import { createSettledPageCache } from '../src/event-reads/settled-page-cache';
import { inboxBulkAckCommand } from '../src/inbox/inbox-ack-commands';
import { readInbox } from '../src/inbox/read-inbox';
import { createCommitGroup } from '../src/mutation/commit-group';
import { overrideCommand } from '../src/operator/override-command';
import { readAudit } from '../src/operator/read-overrides';
import { permissionUpsertCommand } from '../src/permissions/permission-command';
import type { AnyCommand } from '../src/pipeline/command';
import { runCommand, type CommandDeps } from '../src/pipeline/run-command';
import { readQueryValues } from '../src/request/query';
import type { ApiRuntime } from '../src/runtime';
import { bodyOf, createRuntimeForTests, waitUntilSettled } from './helpers/runtime-for-tests';

/**
 * Every cursor a client can hold is commit-ordered (docs/cursors.md): a reader that pages on
 * with the `nextCursor` it was given sees every item exactly once, in order, however the
 * writers' transactions interleave and commit, and a bulk ack up to that cursor only marks
 * items the reader was shown.
 *
 * Transactions that take their positions in one order and commit in another are what breaks a
 * naive cursor; here every command stays open for a random few milliseconds after its last
 * state write (a trigger on its idempotency record, the last row a command writes), so they do
 * that constantly. The reader's own acks are not slowed.
 */
let db: TestDatabase;
let runtime: ApiRuntime;

const WRITERS = 6;
const PER_WRITER = 12;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db, { MOD_MIN_ACTION_INTERVAL_MS: '0' });
  await db.sql.unsafe(`
    create function test_slow_commit() returns trigger language plpgsql as $$
    begin
      perform pg_sleep(random() * 0.008);
      return new;
    end $$;
    create trigger test_slow_commit after insert on idempotency_keys for each row
      when (new.scope not like '%:inbox:%') execute function test_slow_commit();`);
});
afterAll(async () => {
  await db?.drop();
});

function depsFor(groupSize: number): CommandDeps {
  const sql = db.sql;
  return { sql, group: createCommitGroup({ sql, maxSize: groupSize }), env: runtime.env, logger: runtime.logger, unread: runtime.unread, moderation: runtime.moderation };
}

async function run<T = Record<string, unknown>>(deps: CommandDeps, command: AnyCommand, body: Record<string, unknown>): Promise<T> {
  const result = await runCommand(
    deps,
    command,
    { body, params: {}, query: readQueryValues({}), requestId: crypto.randomUUID(), callerRole: 'agent' },
    crypto.randomUUID(),
  );
  return bodyOf<T>(result).data;
}

/** Runs `write(writer, i)` PER_WRITER times in each of WRITERS concurrent writers. */
async function writeConcurrently(write: (writer: number, i: number) => Promise<unknown>): Promise<void> {
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < PER_WRITER; i += 1) await write(writer, i);
    }),
  );
}

/**
 * Polls `readPage` from cursor 0 while `writes` runs, and once more until an empty page after
 * every write has settled; returns what it was shown, in the order shown.
 */
async function pollWhile<T>(writes: Promise<void>, readPage: (cursor: number) => Promise<{ items: T[]; nextCursor: number }>): Promise<T[]> {
  const seen: T[] = [];
  let cursor = 0;
  let writing = true;
  const reader = (async () => {
    for (;;) {
      // Decided before the read: an empty read that started after everything settled is final.
      const finished = !writing;
      const page = await readPage(cursor);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (page.items.length === 0) {
        if (finished) return;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  })();
  await writes;
  await waitUntilSettled(db.sql);
  writing = false;
  await reader;
  return seen;
}

interface Item {
  inboxId: string;
  inboxSeq: number;
  sourceEventId: string;
  sourceEventSequence: number;
}

describe.each([
  ['one transaction per command', 1],
  ['commit groups', 8],
])('commit-ordered cursors (%s)', (_name, groupSize) => {
  const deps = () => depsFor(groupSize);
  const room = (name: string, writer: number) => `${name}-${groupSize}-${writer}`;

  it('inbox: a reader paging by nextCursor gets every item exactly once, in order', async () => {
    const recipient = `inbox-reader-${groupSize}`;
    const d = deps();
    const writes = writeConcurrently((writer, i) =>
      run(d, sayCommand, { actorId: `w${writer}`, roomId: room('inbox', writer), text: `hello ${i}`, mentions: [recipient] }),
    );
    const seen = await pollWhile<Item>(writes, async (cursor) => {
      const page = await readInbox(runtime, readQueryValues({ actorId: recipient, cursor: String(cursor), limit: '20' }));
      return { items: page.items, nextCursor: page.nextCursor };
    });
    const stored = await db.sql<{ inbox_id: string }[]>`select inbox_id from inbox_items where actor_id = ${recipient} order by inbox_seq`;
    expect(stored).toHaveLength(WRITERS * PER_WRITER);
    expect(seen.map((item) => item.inboxId)).toEqual(stored.map((row) => row.inbox_id));
    const positions = seen.map((item) => item.inboxSeq);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // The items were sent before their events had sequences; each got its own event's.
    const sources = await db.sql<{ event_id: string; sequence: number }[]>`
      select e.event_id, e.sequence from events e join inbox_items i on i.source_event_id = e.event_id where i.actor_id = ${recipient}`;
    const sequenceOf = new Map(sources.map((row) => [row.event_id, Number(row.sequence)]));
    for (const item of seen) expect(item.sourceEventSequence).toBe(sequenceOf.get(item.sourceEventId));
  });

  it('inbox: a bulk ack up to the cursor marks only items the reader has listed', async () => {
    const recipient = `inbox-acker-${groupSize}`;
    const d = deps();
    const writes = writeConcurrently((writer, i) =>
      run(d, sayCommand, { actorId: `w${writer}`, roomId: room('ack', writer), text: `hi ${i}`, mentions: [recipient] }),
    );
    const listed = new Set<string>();
    const ackedUnlisted: string[] = [];
    await pollWhile<Item>(writes, async (cursor) => {
      const page = await readInbox(runtime, readQueryValues({ actorId: recipient, cursor: String(cursor), limit: '50' }));
      for (const item of page.items) listed.add(item.inboxId);
      if (page.items.length > 0) {
        // The client handles the page before it acks it; writers go on committing meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 3));
        const acked = await run<{ ackedIds: string[] }>(d, inboxBulkAckCommand, { actorId: recipient, upToCursor: page.nextCursor });
        ackedUnlisted.push(...acked.ackedIds.filter((id) => !listed.has(id)));
      }
      return { items: page.items, nextCursor: page.nextCursor };
    });
    expect(ackedUnlisted).toEqual([]);
    expect(listed.size).toBe(WRITERS * PER_WRITER);
    const [unread] = await db.sql<{ n: number }[]>`select count(*)::int as n from inbox_items where actor_id = ${recipient} and acked_at is null`;
    expect(unread!.n).toBe(0);
  });

  it('operator audit: a reader paging by nextCursor gets every entry exactly once, in order', async () => {
    const d = deps();
    const operator = (writer: number) => `op-${groupSize}-${writer}`;
    for (let writer = 0; writer < WRITERS; writer += 1) {
      await run(d, permissionUpsertCommand, { roomId: room('audit', writer), actorId: operator(writer), canModerate: true });
    }
    await waitUntilSettled(db.sql);
    const [{ head }] = await db.sql<{ head: number | null }[]>`select max(audit_seq) as head from operator_audit_log`;
    const writes = writeConcurrently((writer, i) =>
      run(d, overrideCommand, {
        roomId: room('audit', writer),
        operatorId: operator(writer),
        action: i % 2 === 0 ? 'mute_agent' : 'unmute_agent',
        targetActorId: `target-${writer}`,
        reason: `round ${i}`,
      }),
    );
    const seen = await pollWhile<{ id: string; auditSeq: number }>(writes, async (cursor) => {
      const page = await readAudit(runtime, readQueryValues({ order: 'asc', cursor: String(cursor || (head ?? 0)), limit: '20' }), 'default');
      return { items: page.entries, nextCursor: page.nextCursor };
    });
    const stored = await db.sql<{ id: string }[]>`
      select id from operator_audit_log where operator_id like ${`op-${groupSize}-%`} order by audit_seq`;
    expect(stored).toHaveLength(WRITERS * PER_WRITER);
    expect(seen.map((entry) => entry.id)).toEqual(stored.map((row) => row.id));
  });

  it('mentions: a reader paging by nextCursor gets every mention exactly once, in order', async () => {
    const recipient = `mention-reader-${groupSize}`;
    const d = deps();
    // Most messages mention someone else, so most pages the reader asks for come back empty
    // and it moves on by the settled head alone.
    const writes = writeConcurrently((writer, i) =>
      run(d, sayCommand, { actorId: `w${writer}`, roomId: room('mentions', writer), text: `note ${i}`, mentions: [i % 3 === 0 ? recipient : `someone-${writer}`] }),
    );
    // Through the page cache the route uses: a full page it remembers must hold as well.
    const pages = createSettledPageCache();
    const seen = await pollWhile<{ eventId: string; sequence: number }>(writes, async (cursor) => {
      const body = await readMentionsPage(db.sql, pages, readQueryValues({ mentionedActorId: recipient, cursor: String(cursor), limit: '3' }));
      const page = (JSON.parse(body) as { data: { mentions: { eventId: string; sequence: number }[]; nextCursor: number } }).data;
      return { items: page.mentions, nextCursor: page.nextCursor };
    });
    const stored = await db.sql<{ event_id: string }[]>`
      select event_id from events where type = 'mention_created' and payload->>'mentionedActorId' = ${recipient} order by sequence`;
    expect(stored).toHaveLength(WRITERS * Math.ceil(PER_WRITER / 3));
    expect(seen.map((event) => event.eventId)).toEqual(stored.map((row) => row.event_id));
  });
});
