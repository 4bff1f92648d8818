import { request } from 'node:http';
import type { Sql } from '@cafe/db';
import { waitFor } from './network';

export interface HeldTable {
  /** Ends the locking transaction: every query waiting on the table goes on. */
  release(): Promise<void>;
}

/**
 * Takes an ACCESS EXCLUSIVE lock on a table in a transaction of its own and keeps it until
 * `release()`: every query that touches the table waits. Streams that read the log while
 * they are set up (a fresh subscriber's tail start) then stay in setup as long as the test
 * wants, with no fake timers or mocks.
 */
export async function holdTable(sql: Sql, table: string): Promise<HeldTable> {
  let locked!: () => void;
  let unlock!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const released = new Promise<void>((resolve) => (unlock = resolve));
  const transaction = sql.begin(async (tx) => {
    await tx.unsafe(`lock table "${table}" in access exclusive mode`);
    locked();
    await released;
  });
  await Promise.race([isLocked, transaction]);
  return {
    async release() {
      unlock();
      await transaction;
    },
  };
}

/** Backends of this database waiting for a lock on a query whose text contains `fragment`. */
export async function countQueriesWaitingOnLocks(sql: Sql, fragment: string): Promise<number> {
  const [row] = await sql<{ waiting: number }[]>`
    select count(*)::int as waiting from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid()
       and wait_event_type = 'Lock' and position(${fragment} in query) > 0`;
  return row?.waiting ?? 0;
}

/** Waits until exactly `count` queries containing `fragment` wait for a lock (see holdTable). */
export async function waitForQueriesWaitingOnLocks(sql: Sql, fragment: string, count: number, timeoutMs = 15_000): Promise<void> {
  await waitFor(async () => ((await countQueriesWaitingOnLocks(sql, fragment)) >= count ? true : undefined), timeoutMs, `${count} queries waiting on "${fragment}"`);
}

/** An HTTP request the test can drop without reading an answer (a client that goes away). */
export interface DroppableRequest {
  /** Destroys the socket, as a browser tab being closed does. */
  drop(): void;
}

/** Sends a GET and never reads the answer; `drop()` closes the connection. */
export function openDroppableRequest(url: string, headers: Record<string, string> = {}): DroppableRequest {
  const req = request(url, { headers: { accept: 'text/event-stream', ...headers } });
  // The answer may come after the drop or not at all: neither is an error here.
  req.on('error', () => {});
  req.on('response', (res) => res.resume());
  req.end();
  return { drop: () => req.destroy() };
}
