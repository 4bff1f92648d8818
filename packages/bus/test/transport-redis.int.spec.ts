import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { EventEnvelope } from '@cafe/shared';
import { readDatabaseIdentity } from '@cafe/db';
import { createTestDatabase, getTestRedisUrl, isRedisReachable, uniqueRedisPrefix, type TestDatabase } from '@cafe/testkit';
import { createEventTransport, type EventTransport } from '../src/index';
import { publishEvents, readStreamTop } from '../src/redis/publish';
import { appendCommitted, makeEvent, readWholeLog, waitUntil } from './helpers/events';

const redisUrl = getTestRedisUrl();
const reachable = await isRedisReachable(redisUrl);
if (!reachable) console.warn(`[bus] Redis transport suite skipped: no Redis answers at ${redisUrl ?? '(REDIS_URL unset)'}`);

describe.skipIf(!reachable)('Redis transport', () => {
  let db: TestDatabase;
  let redis: Redis;
  const prefix = uniqueRedisPrefix('bus');
  const transports: EventTransport[] = [];
  const open = (streamKey: string, extra: Partial<Parameters<typeof createEventTransport>[0]> = {}) => {
    const transport = createEventTransport({ sql: db.sql, redisUrl, streamKey, pollMs: 200, name: 'test', ...extra });
    transports.push(transport);
    return transport;
  };

  /** The key a transport really uses: the configured one with the database's identity. */
  let tag = '';
  const keyOf = (stream: string) => `${stream}:${tag}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    tag = (await readDatabaseIdentity(db.sql)).tag;
    redis = new Redis(redisUrl!);
  });

  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await db?.drop();
  });

  it('publishes with ids <sequence>-0, links each entry to the previous one and skips duplicates', async () => {
    const stream = `${prefix}:publish`;
    const events = await appendCommitted(db.sql, [makeEvent(), makeEvent(), makeEvent()]);
    const first = await publishEvents(redis, stream, 1000, 0, events.slice(0, 2));
    expect(first).toEqual({ last: events[1]!.sequence, added: 2 });
    const again = await publishEvents(redis, stream, 1000, 0, events);
    expect(again).toEqual({ last: events[2]!.sequence, added: 1 });
    const entries = await redis.xrange(stream, '-', '+');
    expect(entries.map(([id]) => id)).toEqual(events.map((event) => `${event.sequence}-0`));
    const prevs = entries.map(([, fields]) => Number(fields[fields.indexOf('prev') + 1]));
    expect(prevs).toEqual([0, events[0]!.sequence, events[1]!.sequence]);
    expect(await readStreamTop(redis, stream)).toBe(events[2]!.sequence);
    expect(await readStreamTop(redis, `${stream}:missing`)).toBeNull();
  });

  it('delivers through the stream exactly once, in order, under concurrent writers', async () => {
    const transport = open(`${prefix}:main`);
    await transport.ready;
    const seen: number[] = [];
    const subscription = transport.subscribe({ after: await transport.head() }, { onEvents: (events) => void seen.push(...events.map((e) => e.sequence)) });
    const start = await transport.head();
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        for (let i = 0; i < 12; i += 1) await appendCommitted(db.sql, i % 4 === 0 ? [makeEvent(), makeEvent()] : [makeEvent()]);
      }),
    );
    const log = (await readWholeLog(db.sql)).filter((sequence) => sequence > start);
    await waitUntil(() => seen.length >= log.length, `saw ${seen.length}/${log.length}`);
    subscription.close();
    expect(seen).toEqual(log);
    const status = transport.status();
    expect(status).toMatchObject({ mode: 'redis', source: 'redis', connected: true });
    expect(status.relay?.leader).toBe(true);
    expect(await readStreamTop(redis, keyOf(`${prefix}:main`))).toBe(log[log.length - 1]);
  });

  it('elects one relay per stream and fails over when the leader closes', async () => {
    const stream = `${prefix}:failover`;
    const a = open(stream);
    const b = open(stream);
    await Promise.all([a.ready, b.ready]);
    await waitUntil(() => Boolean(a.status().relay?.leader) || Boolean(b.status().relay?.leader), 'a relay leader');
    expect([a.status().relay?.leader, b.status().relay?.leader].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = a.status().relay?.leader ? [a, b] : [b, a];
    const seen: number[] = [];
    follower.subscribe({ after: await follower.head() }, { onEvents: (events) => void seen.push(...events.map((e) => e.sequence)) });
    const first = await appendCommitted(db.sql, [makeEvent()]);
    await waitUntil(() => seen.includes(first[0]!.sequence), 'delivered via the first leader');
    await leader.close();
    await waitUntil(() => Boolean(follower.status().relay?.leader), 'follower took over', 20_000);
    const second = await appendCommitted(db.sql, [makeEvent()]);
    await waitUntil(() => seen.includes(second[0]!.sequence), 'delivered via the new leader');
    expect(await readStreamTop(redis, keyOf(stream))).toBe(second[0]!.sequence);
  });

  it('fills a range missing from the stream (trimmed or never published) from Postgres', async () => {
    const stream = `${prefix}:gap`;
    const reader = open(stream, { relay: false });
    await reader.ready;
    const seen: number[] = [];
    reader.subscribe({ after: await reader.head() }, { onEvents: (events) => void seen.push(...events.map((e) => e.sequence)) });
    const events: EventEnvelope[] = [];
    for (let i = 0; i < 10; i += 1) events.push(...(await appendCommitted(db.sql, [makeEvent()])));
    // Act as a relay that starts late: only the last four reach the stream.
    await publishEvents(redis, keyOf(stream), 1000, events[5]!.sequence, events.slice(6));
    await waitUntil(() => seen.length >= 10, `saw ${seen.length}/10`);
    expect(seen).toEqual(events.map((event) => event.sequence));
  });

  it('a group consumer acknowledges after its handler, redelivers failures and fills stream gaps', async () => {
    const stream = `${prefix}:group`;
    const transport = open(stream);
    await transport.ready;
    const start = await transport.head();
    const handled: number[] = [];
    let failNext = true;
    const consumer = transport.consume({ group: 'projector', consumer: 'c1', after: start, batchSize: 4 }, async (events) => {
      if (failNext) {
        failNext = false;
        throw new Error('transient');
      }
      handled.push(...events.map((event) => event.sequence));
    });
    for (let i = 0; i < 10; i += 1) await appendCommitted(db.sql, [makeEvent()]);
    const log = (await readWholeLog(db.sql)).filter((sequence) => sequence > start);
    await waitUntil(() => handled.length >= log.length, `handled ${handled.length}/${log.length}`);
    expect(handled).toEqual(log);
    await waitUntil(async () => Number((await redis.xpending(keyOf(stream), 'projector'))[0]) === 0, 'no pending entries');
    await consumer.stop();

    // While no consumer runs, more events land and the stream is trimmed below them.
    const more: EventEnvelope[] = [];
    for (let i = 0; i < 6; i += 1) more.push(...(await appendCommitted(db.sql, [makeEvent()])));
    await waitUntil(async () => (await readStreamTop(redis, keyOf(stream))) === more[5]!.sequence, 'relay published');
    await redis.xtrim(keyOf(stream), 'MAXLEN', 2);
    const resumed: number[] = [];
    const second = transport.consume({ group: 'projector', consumer: 'c2', after: consumer.position }, async (events) => {
      resumed.push(...events.map((event) => event.sequence));
    });
    await waitUntil(() => resumed.length >= 6, `resumed ${resumed.length}/6`);
    await second.stop();
    expect(resumed).toEqual(more.map((event) => event.sequence));
  });
});
