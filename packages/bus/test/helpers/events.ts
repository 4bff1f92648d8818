import { randomUUID } from 'node:crypto';
import { appendEvents, type Sql } from '@cafe/db';
import type { EventEnvelope, EventPayload, EventType, NewEvent } from '@cafe/shared';

const AT = '2026-01-01T00:00:00.000Z';

/** A catalogue-valid payload for the types tests name without one (every test run checks payloads on append). */
const DEFAULT_PAYLOADS: Partial<{ [T in EventType]: EventPayload<T> }> = {
  order_changed: { itemId: 'latte', size: 'm' },
  actor_moved: { direction: 'N', steps: 1, position: { x: 9, y: 4 } },
  agent_entered: { source: 'agent', reason: 'manual_enter', enteredAt: AT, position: { x: 9, y: 5 }, metadata: {} },
};

/** A new event with defaults: tenant `default`, room `main`, actor `alice`, an `order_changed`. */
export function makeEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  const type = overrides.type ?? 'order_changed';
  return {
    eventId: randomUUID(),
    tenantId: 'default',
    roomId: 'main',
    actorId: 'alice',
    type,
    timestamp: new Date().toISOString(),
    payload: DEFAULT_PAYLOADS[type as EventType] ?? {},
    correlationId: randomUUID(),
    causationId: null,
    ...overrides,
  };
}

/** A new event whose payload the catalogue types: a fixture that drifts from the contract does not compile. */
export function makeTypedEvent<T extends EventType>(type: T, payload: EventPayload<T>, overrides: Partial<Omit<NewEvent, 'type' | 'payload'>> = {}): NewEvent {
  return makeEvent({ ...overrides, type, payload });
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
