import { afterAll, describe, expect, it } from 'vitest';
import { createPgClient, migrateDatabase, readDatabaseIdentity, type Sql } from '@cafe/db';
import { getTestRedisUrl, getTestServerUrl, isRedisReachable, uniqueRedisPrefix } from '@cafe/testkit';
import type { EventEnvelope } from '@cafe/shared';
import { createEventTransport, type EventTransport } from '../src/index';
import { appendCommitted, makeEvent, waitUntil } from './helpers/events';

const redisUrl = getTestRedisUrl();
const reachable = await isRedisReachable(redisUrl);
const server = getTestServerUrl();
const withDatabase = (name: string) => {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
};

async function admin<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = createPgClient(server, { max: 1, applicationName: 'cafe-identity-test' });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates (or, when it exists, drops and creates again) the database `name`, migrated. */
async function createDatabase(name: string): Promise<Sql> {
  await admin(async (sql) => {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"`);
  });
  const sql = createPgClient(withDatabase(name), { max: 5, applicationName: 'cafe-identity-test' });
  await migrateDatabase(sql, { lockKey: 942516431 });
  return sql;
}

/** Everything a worker consumer of `transport` hands over within the wait. */
async function consumeAll(transport: EventTransport, group: string, expected: number): Promise<EventEnvelope[]> {
  const seen: EventEnvelope[] = [];
  const consumer = transport.consume({ group, consumer: 'c1', after: 0 }, async (events) => {
    seen.push(...events);
  });
  await waitUntil(() => seen.length >= expected, `${group}: ${seen.length}/${expected}`);
  // Anything else that would arrive (old entries of another log) arrives now.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await consumer.stop();
  return seen;
}

describe.skipIf(!reachable)('Redis state carries the database identity', () => {
  const names = [`cafe_ident_${Date.now().toString(36)}_a`, `cafe_ident_${Date.now().toString(36)}_b`];
  const prefix = uniqueRedisPrefix('ident');
  const open: Array<{ sql: Sql; transport?: EventTransport }> = [];

  afterAll(async () => {
    for (const item of open) {
      await item.transport?.close();
      await item.sql.end({ timeout: 5 });
    }
    await admin(async (sql) => {
      for (const name of names) await sql.unsafe(`drop database if exists "${name}" with (force)`);
    });
  });

  const start = async (name: string) => {
    const sql = await createDatabase(name);
    const transport = createEventTransport({ sql, redisUrl, streamKey: `${prefix}:events`, pollMs: 100, name: 'ident' });
    await transport.ready;
    open.push({ sql, transport });
    return { sql, transport };
  };

  it('a database dropped and created again under the same name never reads the old log from Redis', async () => {
    const first = await start(names[0]!);
    const old = await appendCommitted(first.sql, Array.from({ length: 6 }, () => makeEvent()));
    expect((await consumeAll(first.transport, 'g', 6)).map((event) => event.eventId)).toEqual(old.map((event) => event.eventId));
    const oldKey = first.transport.status().streamKey;
    await first.transport.close();

    const second = await start(names[0]!);
    expect(second.transport.status().streamKey).not.toBe(oldKey);
    const fresh = await appendCommitted(second.sql, Array.from({ length: 2 }, () => makeEvent()));
    const seen = await consumeAll(second.transport, 'g', 2);
    expect(seen.map((event) => event.eventId)).toEqual(fresh.map((event) => event.eventId));
  });

  it('two databases sharing one Redis and one configured stream key never read each other', async () => {
    const a = await start(names[1]!);
    const b = open[1]!;
    expect((await readDatabaseIdentity(a.sql)).tag).not.toBe((await readDatabaseIdentity(b.sql)).tag);
    const mine = await appendCommitted(a.sql, [makeEvent(), makeEvent()]);
    const seen = await consumeAll(a.transport, 'shared-group', 2);
    expect(seen.map((event) => event.eventId)).toEqual(mine.map((event) => event.eventId));
  });
});
