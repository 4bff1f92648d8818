import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { createEventTransport, type EventTransport } from '../src/index';
import { appendCommitted, makeEvent, readWholeLog, waitUntil } from './helpers/events';
import { createPrivateRedis, type PrivateRedis } from './helpers/redis-server';

let hasRedisServer = true;
try {
  execFileSync('redis-server', ['--version']);
} catch {
  hasRedisServer = false;
  console.warn('[bus] Redis outage suite skipped: no redis-server binary on PATH');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasRedisServer).each([
  { persist: true, label: 'comes back with its data' },
  { persist: false, label: 'comes back empty' },
])('a Redis that stops for 2 s and $label', ({ persist }) => {
  let db: TestDatabase;
  let server: PrivateRedis;
  let transport: EventTransport;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await createPrivateRedis({ persist });
    await server.start();
    transport = createEventTransport({ sql: db.sql, redisUrl: server.url, pollMs: 200, name: 'outage' });
    await transport.ready;
  });

  afterAll(async () => {
    await transport?.close();
    await server?.destroy();
    await db?.drop();
  });

  it('still delivers every committed event exactly once to subscribers and worker consumers', async () => {
    const live: number[] = [];
    transport.subscribe({ after: 0 }, { onEvents: (events) => void live.push(...events.map((e) => e.sequence)) });
    const handled: number[] = [];
    transport.consume({ group: 'worker', consumer: 'w1', after: 0, batchSize: 10 }, async (events) => {
      handled.push(...events.map((e) => e.sequence));
    });
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await appendCommitted(db.sql, [makeEvent()]);
        await sleep(15);
      }
    })();
    await sleep(800);
    await server.stop();
    await sleep(2000);
    await server.start();
    await sleep(1500);
    writing = false;
    await writer;
    const log = await readWholeLog(db.sql);
    await waitUntil(() => live.length >= log.length && handled.length >= log.length, `live ${live.length}, worker ${handled.length} of ${log.length}`, 20_000);
    await sleep(500);
    expect(live).toEqual(log);
    expect(handled).toEqual(log);
    expect(transport.status().reconnects).toBeGreaterThan(0);
  });
});
