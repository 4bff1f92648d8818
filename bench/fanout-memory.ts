/**
 * Realtime memory with clients that never read: one realtime instance serves `BENCH_READERS`
 * (default 1,000) reading SSE clients in one room and `BENCH_STALLED` (default 50) clients that
 * never read a byte in another room, while events are committed to both. Reports the process
 * RSS (baseline, peak, end), how many stalled clients were dropped, and whether every reader
 * received every event. The claim: memory stays bounded by REALTIME_CLIENT_BUFFER_BYTES per
 * stalled client instead of growing with the backlog.
 *
 *   npx tsx bench/fanout-memory.ts
 *
 * Knobs: BENCH_READERS, BENCH_STALLED, BENCH_HEAVY_EVENTS (default 1500, in the stalled room),
 * BENCH_HEAVY_BYTES (payload size, default 16384), BENCH_LIGHT_EVENTS (default 100, in the
 * readers' room), BENCH_BUFFER_BYTES (REALTIME_CLIENT_BUFFER_BYTES, default 1 MiB),
 * BENCH_TRANSPORT (postgres|redis, default postgres), DATABASE_URL, BENCH_REDIS_URL.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { appendEvents, type Sql } from '@cafe/db';
import { createTestDatabase, startBuiltApp } from '@cafe/testkit';
import { findApp } from '../scripts/lib/apps';
import { buildApps } from '../scripts/lib/build';
import { openStalledClients, openSubscribers } from './fanout-clients';

const log = (message: string) => process.stderr.write(`[fanout-memory] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const env = process.env;
const readers = Number(env.BENCH_READERS ?? 1000);
const stalledCount = Number(env.BENCH_STALLED ?? 50);
const heavyEvents = Number(env.BENCH_HEAVY_EVENTS ?? 1500);
const heavyBytes = Number(env.BENCH_HEAVY_BYTES ?? 16384);
const lightEvents = Number(env.BENCH_LIGHT_EVENTS ?? 100);
const bufferBytes = Number(env.BENCH_BUFFER_BYTES ?? 1024 * 1024);
const transport = env.BENCH_TRANSPORT === 'redis' ? 'redis' : 'postgres';

/** Resident set size of a process, in MiB (Linux). */
function readRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

async function append(sql: Sql, roomId: string, payload: Record<string, unknown>, count: number) {
  const events = Array.from({ length: count }, () => ({
    eventId: randomUUID(),
    tenantId: 'default',
    roomId,
    actorId: 'bench',
    type: 'shared_object_updated',
    timestamp: new Date().toISOString(),
    payload,
    correlationId: randomUUID(),
    causationId: null,
  }));
  return sql.begin((tx) => appendEvents(tx, events));
}

await buildApps([findApp('realtime')], { log });
process.env.TEST_DATABASE_URL ??= env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const db = await createTestDatabase({ prefix: 'cafe_bench_mem' });
const redisUrl = transport === 'redis' ? (env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12') : '';
const streamKey = `cafe-bench-mem:${randomUUID().slice(0, 8)}`;
const app = await startBuiltApp('realtime', {
  DATABASE_URL: db.url,
  REDIS_URL: redisUrl,
  BUS_REDIS_STREAM_KEY: streamKey,
  REALTIME_CLIENT_BUFFER_BYTES: String(bufferBytes),
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
});
const pid = app.process.pid!;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, readRssMiB(pid))), 100);
try {
  await sleep(1000);
  const baseline = readRssMiB(pid);
  const pool = openSubscribers(`${app.baseUrl}/v1/stream?roomId=light`, readers);
  await pool.ready;
  const stalled = openStalledClients('127.0.0.1', app.port, '/v1/stream?roomId=heavy', stalledCount);
  await sleep(1000);
  const withClients = readRssMiB(pid);
  log(`baseline ${baseline} MiB, with ${readers} readers and ${stalledCount} stalled clients ${withClients} MiB`);

  const blob = 'x'.repeat(heavyBytes);
  const lightSequences: number[] = [];
  const started = Date.now();
  for (let i = 0; i < Math.max(heavyEvents / 10, lightEvents); i += 1) {
    if (i * 10 < heavyEvents) await append(db.sql, 'heavy', { objectId: 'blob', content: blob, i }, 10);
    if (i < lightEvents) lightSequences.push(...(await append(db.sql, 'light', { objectId: 'o', i }, 1)).map((e) => e.sequence));
  }
  log(`committed ${heavyEvents} × ${heavyBytes} B events (heavy room) and ${lightEvents} small ones in ${Date.now() - started} ms`);
  const deadline = Date.now() + 60_000;
  const allDelivered = () => lightSequences.every((sequence) => (pool.arrivals.get(sequence)?.length ?? 0) >= readers);
  const dropped = async () => ((await (await fetch(`${app.baseUrl}/healthz`)).json()) as { droppedClients: number }).droppedClients;
  while ((!allDelivered() || (await dropped()) < stalledCount) && Date.now() < deadline) await sleep(200);
  await sleep(1000);
  const health = (await (await fetch(`${app.baseUrl}/healthz`)).json()) as { clients: number; droppedClients: number };
  const end = readRssMiB(pid);
  const missing = lightSequences.reduce((sum, sequence) => sum + Math.max(0, readers - (pool.arrivals.get(sequence)?.length ?? 0)), 0);
  const result = {
    transport,
    readers,
    stalledClients: stalledCount,
    bufferBytes,
    heavyEvents,
    heavyBytes,
    backlogPerStalledClientMiB: Math.round(((heavyEvents * heavyBytes) / 1024 / 1024) * 10) / 10,
    rssMiB: { baseline, withClients, peak, end },
    stalledDropped: health.droppedClients,
    clientsAfter: health.clients,
    readerFailures: pool.failed(),
    lightEvents: lightSequences.length,
    readerDeliveriesMissing: missing,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const dir = resolve(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, `fanout-memory-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
  pool.close();
  stalled.destroy();
} finally {
  clearInterval(sampler);
  await app.stop();
  await db.drop();
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    await redis.del(streamKey);
    redis.disconnect();
  }
}
