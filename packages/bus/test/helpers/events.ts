import { randomUUID } from 'node:crypto';
import { appendEvents, type Sql } from '@cafe/db';
import type { EventEnvelope, NewEvent } from '@cafe/shared';

/** A new event with defaults: tenant `default`, room `main`, actor `alice`, a `bubble_posted`. */
export function makeEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    tenantId: 'default',
    roomId: 'main',
    actorId: 'alice',
    type: 'order_changed',
    timestamp: new Date().toISOString(),
    payload: { itemId: 'latte', size: 'm' },
    correlationId: randomUUID(),
    causationId: null,
    ...overrides,
  };
}

/** Appends events in one committed transaction, the way the API does. */
export function appendCommitted(sql: Sql, events: NewEvent[]): Promise<EventEnvelope[]> {
  return sql.begin((tx) => appendEvents(tx, events)) as Promise<EventEnvelope[]>;
}

/** Every event of the log, ascending (reads past the settled horizon on purpose: tests wait first). */
export async function readWholeLog(sql: Sql): Promise<number[]> {
  const rows = await sql<{ sequence: number }[]>`select sequence from events order by sequence`;
  return rows.map((row) => Number(row.sequence));
}

/** Polls `check` until it returns true (every 20 ms), failing with `message` after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, message: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
