/**
 * Realtime fanout benchmark: delivery latency from the commit of an event to its receipt by
 * SSE subscribers of one realtime instance, at 100 and 1,000 subscribers, on the Postgres-only
 * transport and on Redis Streams. Every subscriber must receive every event (checked).
 *
 *   npx tsx bench/fanout.ts            # both transports, 100 and 1,000 subscribers
 *   BENCH_FANOUT_SUBSCRIBERS=100 BENCH_FANOUT_TRANSPORTS=postgres npx tsx bench/fanout.ts
 *
 * Knobs: BENCH_FANOUT_RATE (events/s, default 20), BENCH_FANOUT_SECONDS (default 5),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379/12; `off` skips Redis), DATABASE_URL.
 * Latency is measured in this process from just before the append transaction is sent to the
 * arrival of the frame, so it includes the commit itself. A one-second warm-up per app is
 * discarded. Exported for bench/run.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { appendEvents, type Sql } from '@cafe/db';
import { createTestDatabase, startBuiltApp, type TestDatabase } from '@cafe/testkit';
import { summarizeLatencies } from '../scripts/lib/load/percentile';
import { findApp } from '../scripts/lib/apps';
import { buildApps } from '../scripts/lib/build';
import { openSubscribers } from './fanout-clients';

export interface FanoutMeasurement {
  transport: 'postgres' | 'redis';
  subscribers: number;
  events: number;
  deliveries: number;
  /** Deliveries that did not happen (subscriber × event pairs), must be 0. */
  missing: number;
  duplicates: number;
  deliveriesPerSecond: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface MeasureFanoutOptions {
  /** The realtime instance's base URL. */
  realtimeUrl: string;
  /** A pool on the realtime instance's database, to append events. */
  sql: Sql;
  transport: 'postgres' | 'redis';
  subscribers: number;
  ratePerSecond: number;
  seconds: number;
  roomId?: string;
  /** The realtime instance's API token, when it has one (sent as the `apiKey` query parameter). */
  apiKey?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects the subscribers, appends events at a steady rate and summarises the deliveries. */
export async function measureFanout(options: MeasureFanoutOptions): Promise<FanoutMeasurement> {
  const roomId = options.roomId ?? `bench-${randomUUID().slice(0, 8)}`;
  const auth = options.apiKey ? `&apiKey=${encodeURIComponent(options.apiKey)}` : '';
  const pool = openSubscribers(`${options.realtimeUrl}/v1/stream?roomId=${roomId}${auth}`, options.subscribers);
  await Promise.race([pool.ready, sleep(60_000).then(() => Promise.reject(new Error('subscribers not ready within 60 s')))]);
  const sentAt = new Map<number, number>();
  const total = Math.max(1, Math.round(options.ratePerSecond * options.seconds));
  const interval = 1000 / options.ratePerSecond;
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + i * interval;
    if (due > performance.now()) await sleep(due - performance.now());
    const before = performance.now();
    const [event] = await options.sql.begin((tx) =>
      appendEvents(tx, [{ eventId: randomUUID(), tenantId: 'default', roomId, actorId: 'bench', type: 'order_changed', timestamp: new Date().toISOString(), payload: { itemId: 'latte', size: 'm', i }, correlationId: randomUUID(), causationId: null }]),
    );
    sentAt.set(event!.sequence, before);
  }
  const deadline = performance.now() + 30_000;
  const complete = () => [...sentAt.keys()].every((sequence) => (pool.arrivals.get(sequence)?.length ?? 0) >= options.subscribers);
  while (!complete() && performance.now() < deadline) await sleep(50);
  await sleep(200);
  const elapsedSeconds = (performance.now() - started) / 1000;
  pool.close();
  const latencies: number[] = [];
  let missing = 0;
  let duplicates = 0;
  for (const [sequence, before] of sentAt) {
    const arrivals = pool.arrivals.get(sequence) ?? [];
    missing += Math.max(0, options.subscribers - arrivals.length);
    duplicates += Math.max(0, arrivals.length - options.subscribers);
    for (const at of arrivals) latencies.push(at - before);
  }
  const summary = summarizeLatencies(latencies);
  return {
    transport: options.transport,
    subscribers: options.subscribers,
    events: total,
    deliveries: latencies.length,
    missing,
    duplicates,
    deliveriesPerSecond: Math.round(latencies.length / elapsedSeconds),
    p50Ms: summary.p50Ms,
    p95Ms: summary.p95Ms,
    p99Ms: summary.p99Ms,
    maxMs: summary.maxMs,
  };
}

/** Redis for the Redis variant, or null when off or unreachable. */
async function resolveRedis(): Promise<string | null> {
  const url = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12';
  if (url === 'off' || url === '') return null;
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return url;
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}

async function main() {
  const log = (message: string) => process.stderr.write(`[fanout] ${message}\n`);
  const counts = (process.env.BENCH_FANOUT_SUBSCRIBERS ?? '100,1000').split(',').map(Number);
  const transports = (process.env.BENCH_FANOUT_TRANSPORTS ?? 'postgres,redis').split(',') as Array<'postgres' | 'redis'>;
  const rate = Number(process.env.BENCH_FANOUT_RATE ?? 20);
  const seconds = Number(process.env.BENCH_FANOUT_SECONDS ?? 5);
  await buildApps([findApp('realtime')], { log });
  process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = await resolveRedis();
  const results: FanoutMeasurement[] = [];
  for (const transport of transports) {
    if (transport === 'redis' && !redisUrl) {
      log('redis variant skipped: no Redis');
      continue;
    }
    const db: TestDatabase = await createTestDatabase({ prefix: 'cafe_bench_fanout' });
    const streamKey = `cafe-bench-fanout:${randomUUID().slice(0, 8)}`;
    const app = await startBuiltApp('realtime', {
      DATABASE_URL: db.url,
      REDIS_URL: transport === 'redis' ? redisUrl! : '',
      BUS_REDIS_STREAM_KEY: streamKey,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    });
    try {
      // Warm-up (discarded): JIT, pools, relay election and the first stream reads.
      await measureFanout({ realtimeUrl: app.baseUrl, sql: db.sql, transport, subscribers: 10, ratePerSecond: rate, seconds: 1 });
      for (const subscribers of counts) {
        log(`${transport}: ${subscribers} subscribers, ${rate} events/s for ${seconds} s`);
        const result = await measureFanout({ realtimeUrl: app.baseUrl, sql: db.sql, transport, subscribers, ratePerSecond: rate, seconds });
        log(JSON.stringify(result));
        results.push(result);
        await sleep(500);
      }
    } finally {
      await app.stop();
      await db.drop();
      if (transport === 'redis') {
        const redis = new Redis(redisUrl!);
        await redis.del(streamKey);
        redis.disconnect();
      }
    }
  }
  const header = 'transport  subscribers  events  deliveries  missing  dup  p50 ms   p95 ms   p99 ms   max ms';
  process.stdout.write(`${header}\n`);
  for (const r of results) {
    process.stdout.write(
      `${r.transport.padEnd(10)} ${String(r.subscribers).padStart(11)} ${String(r.events).padStart(7)} ${String(r.deliveries).padStart(11)} ${String(r.missing).padStart(8)} ${String(r.duplicates).padStart(4)} ${String(r.p50Ms).padStart(8)} ${String(r.p95Ms).padStart(8)} ${String(r.p99Ms).padStart(8)} ${String(r.maxMs).padStart(8)}\n`,
    );
  }
  const dir = resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, `fanout-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ rate, seconds, results }, null, 2));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'fanout.ts')) {
  await main();
}
