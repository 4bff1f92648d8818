import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import type { DeliveryPhase } from '../src/index';
import { createEventTransport, type EventTransport } from '../src/index';
import { appendCommitted, makeTypedEvent, waitUntil } from './helpers/events';

// The transport's memory is bounded in bytes, not only in events (docs/operations.md#memory-bounds):
// a few large events can neither fill the resume history nor pile up behind a slow subscriber.

const KIB = 1024;

let db: TestDatabase;
const transports: EventTransport[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const transport of transports) await transport.close();
  await db?.drop();
});

async function openTransport(options: { historyMaxBytes?: number; maxBufferedBytesPerSubscriber?: number }): Promise<EventTransport> {
  const transport = createEventTransport({ sql: db.sql, pollMs: 100, ...options });
  transports.push(transport);
  await transport.ready;
  return transport;
}

/** A catalogue-valid event carrying about `bytes` of metadata. */
const largeEvent = (roomId: string, bytes: number) =>
  makeTypedEvent(
    'agent_entered',
    { source: 'agent', reason: 'manual_enter', enteredAt: '2026-01-01T00:00:00.000Z', position: { x: 1, y: 1 }, metadata: { blob: 'x'.repeat(bytes) } },
    { roomId },
  );

describe('byte bounds of the event transport', () => {
  it('keeps at most historyMaxBytes of recent events; older resumes are served from Postgres, complete', async () => {
    const transport = await openTransport({ historyMaxBytes: 256 * KIB });
    const start = await transport.head();
    const appended: number[] = [];
    for (let i = 0; i < 12; i += 1) appended.push(...(await appendCommitted(db.sql, [largeEvent('big-history', 100 * KIB)])).map((event) => event.sequence));
    await waitUntil(() => transport.status().position >= appended.at(-1)!, 'live feed caught up');
    const { history } = transport.status();
    expect(history.maxBytes).toBe(256 * KIB);
    expect(history.bytes).toBeLessThanOrEqual(256 * KIB);
    // About 1.2 MB went through; the history kept only what fits.
    expect(history.events).toBeLessThan(2 * appended.length);
    const seen: number[] = [];
    const subscription = transport.subscribe({ after: start, filter: { tenantId: 'default', roomId: 'big-history' } }, { onEvents: (events) => void seen.push(...events.map((event) => event.sequence)) });
    await waitUntil(() => seen.length >= appended.length, `resumed ${seen.length}/${appended.length}`);
    subscription.close();
    expect(seen).toEqual(appended);
  });

  it('sends a subscriber whose live events pass maxBufferedBytesPerSubscriber back to the log, losing and repeating nothing', async () => {
    const transport = await openTransport({ maxBufferedBytesPerSubscriber: 256 * KIB });
    const start = await transport.head();
    const delivered: { sequence: number; phase: DeliveryPhase }[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let blocked = false;
    const subscription = transport.subscribe(
      { after: start, filter: { tenantId: 'default', roomId: 'slow-reader' } },
      {
        onEvents(events, phase) {
          delivered.push(...events.map((event) => ({ sequence: event.sequence, phase })));
          // The first live batch stalls the handler: everything after it waits in memory.
          if (phase === 'live' && !blocked) {
            blocked = true;
            return gate;
          }
        },
      },
    );
    const appended: number[] = [];
    const append = async () => appended.push(...(await appendCommitted(db.sql, [largeEvent('slow-reader', 100 * KIB)])).map((event) => event.sequence));
    // Live delivery stalls on its first batch; then seven more arrive while it is stalled.
    while (!blocked) {
      await append();
      await waitUntil(() => transport.status().position >= appended.at(-1)!, 'live feed caught up');
    }
    for (let i = 0; i < 7; i += 1) await append();
    await waitUntil(() => transport.status().position >= appended.at(-1)!, 'live feed caught up');
    release();
    await waitUntil(() => delivered.length >= appended.length, `delivered ${delivered.length}/${appended.length}`);
    subscription.close();
    expect(delivered.map((item) => item.sequence)).toEqual(appended);
    // 700 KB waited behind the stalled handler: past the bound the queue was dropped and the
    // rest re-read as catch-up instead of held in memory.
    const firstLive = delivered.findIndex((item) => item.phase === 'live');
    expect(firstLive).toBeGreaterThanOrEqual(0);
    expect(delivered.slice(firstLive + 1).some((item) => item.phase === 'catch-up')).toBe(true);
  });
});
