/**
 * Webhook delivery benchmark: events committed to the log reach a local HTTP receiver through
 * the API's webhook worker. Two figures per run:
 *
 * - latency from commit: events appended at BENCH_WEBHOOK_RATE per second (default 25), each
 *   delivered to BENCH_WEBHOOK_SUBSCRIPTIONS subscriptions (default 4); measured in this process
 *   from just before the append transaction to the receiver getting the request, so it
 *   includes the commit, the consumer, the schedule row, the lease and the signed POST;
 * - deliveries per second: a burst of BENCH_WEBHOOK_BURST events (default 1000) appended in one
 *   transaction, divided by the time until the receiver has every delivery.
 *
 * Its own stack (scratch database, one API): NODE_ENV=production would refuse a receiver on
 * 127.0.0.1 (the SSRF guard), so this API runs with NODE_ENV=development and LOG_LEVEL=warn.
 * Every (event, subscription) pair must arrive exactly once (checked).
 *
 *   npx tsx bench/webhook-delivery.ts        # also part of npm run bench (BENCH_ONLY=webhooks)
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { appendEvents, type Sql } from '@cafe/db';
import type { NewEvent } from '@cafe/shared';
import { summarizeLatencies } from '../scripts/lib/load/percentile';
import type { BenchOptions } from './lib/bench-options';
import { startBenchStack } from './lib/bench-stack';
import { readLoadAverage } from './lib/machine';
import { spreadOf, type Spread } from './lib/run-stats';

export interface WebhookRun {
  events: number;
  deliveries: number;
  /** (event, subscription) pairs not delivered, or delivered twice: both must be 0. */
  missing: number;
  duplicates: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  burstEvents: number;
  deliveriesPerSecond: number;
  loadAverage: number;
}

export interface WebhookCase {
  subscriptions: number;
  ratePerSecond: number;
  runs: WebhookRun[];
  deliveriesPerSecond: Spread | null;
  p50Ms: Spread | null;
  p95Ms: Spread | null;
  p99Ms: Spread | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** A receiver that answers 204 and records arrival time per (event, subscription). */
async function startReceiver() {
  const arrivals = new Map<string, number[]>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = `${String(req.headers['x-agentcafe-event-id'])}|${String(req.headers['x-agentcafe-subscription-id'])}`;
      const list = arrivals.get(key) ?? [];
      list.push(performance.now());
      arrivals.set(key, list);
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const benchEvent = (roomId: string, i: number): NewEvent => ({
  eventId: randomUUID(),
  tenantId: 'default',
  roomId,
  actorId: 'bench',
  type: 'order_changed',
  timestamp: new Date().toISOString(),
  payload: { itemId: 'latte', size: 'm', i },
  correlationId: randomUUID(),
  causationId: null,
});

async function waitForAll(arrivals: Map<string, number[]>, keys: string[], timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline && !keys.every((key) => (arrivals.get(key)?.length ?? 0) > 0)) await sleep(20);
}

async function measureRun(sql: Sql, receiver: Awaited<ReturnType<typeof startReceiver>>, subscriptionIds: string[], rate: number, seconds: number, burst: number): Promise<WebhookRun> {
  const roomId = `bench-${randomUUID().slice(0, 8)}`;
  const sentAt = new Map<string, number>();
  const total = Math.max(1, Math.round(rate * seconds));
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    if (due > performance.now()) await sleep(due - performance.now());
    const before = performance.now();
    const [event] = await sql.begin((tx) => appendEvents(tx, [benchEvent(roomId, i)]));
    sentAt.set(event!.eventId, before);
  }
  const keysOf = (eventIds: Iterable<string>) => [...eventIds].flatMap((eventId) => subscriptionIds.map((id) => `${eventId}|${id}`));
  const steadyKeys = keysOf(sentAt.keys());
  await waitForAll(receiver.arrivals, steadyKeys, 60_000);
  const latencies: number[] = [];
  let missing = 0;
  let duplicates = 0;
  for (const key of steadyKeys) {
    const arrived = receiver.arrivals.get(key) ?? [];
    if (arrived.length === 0) missing += 1;
    duplicates += Math.max(0, arrived.length - 1);
    if (arrived[0] !== undefined) latencies.push(arrived[0] - sentAt.get(key.split('|')[0]!)!);
  }

  const burstStarted = performance.now();
  const appended = await sql.begin((tx) => appendEvents(tx, Array.from({ length: burst }, (_, i) => benchEvent(roomId, total + i))));
  const burstKeys = keysOf(appended.map((event) => event.eventId));
  await waitForAll(receiver.arrivals, burstKeys, 120_000);
  const burstDone = Math.max(...burstKeys.map((key) => receiver.arrivals.get(key)?.[0] ?? Number.POSITIVE_INFINITY));
  for (const key of burstKeys) {
    const arrived = receiver.arrivals.get(key) ?? [];
    if (arrived.length === 0) missing += 1;
    duplicates += Math.max(0, arrived.length - 1);
  }
  const summary = summarizeLatencies(latencies);
  return {
    events: total,
    deliveries: latencies.length,
    missing,
    duplicates,
    p50Ms: summary.p50Ms,
    p95Ms: summary.p95Ms,
    p99Ms: summary.p99Ms,
    burstEvents: burst,
    deliveriesPerSecond: Number.isFinite(burstDone) ? Math.round(burstKeys.length / ((burstDone - burstStarted) / 1000)) : 0,
    loadAverage: readLoadAverage(),
  };
}

/** The webhooks case of the suite: its own stack, BENCH_RUNS runs of BENCH_SECONDS each. */
export async function benchWebhookDelivery(options: BenchOptions, log: (message: string) => void): Promise<WebhookCase> {
  const subscriptions = Math.round(numberFrom('BENCH_WEBHOOK_SUBSCRIPTIONS', 4));
  const rate = numberFrom('BENCH_WEBHOOK_RATE', 25);
  const burst = Math.round(numberFrom('BENCH_WEBHOOK_BURST', 1000));
  const receiver = await startReceiver();
  const stack = await startBenchStack({ env: { NODE_ENV: 'development', REDIS_URL: '' }, log });
  const runs: WebhookRun[] = [];
  try {
    const subscriptionIds: string[] = [];
    for (let i = 0; i < subscriptions; i += 1) {
      const res = await fetch(`${stack.api.baseUrl}/v1/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-api-key': stack.apiToken },
        body: JSON.stringify({ targetUrl: receiver.url, eventTypes: ['order_changed'] }),
      });
      if (res.status !== 201) throw new Error(`subscription create answered ${res.status}: ${await res.text()}`);
      subscriptionIds.push(((await res.json()) as { data: { subscription: { id: string } } }).data.subscription.id);
    }
    await sleep(1000);
    for (let run = 0; run < options.runs; run += 1) {
      const result = await measureRun(stack.db.sql, receiver, subscriptionIds, rate, options.seconds, burst);
      log(`webhooks run ${run + 1}: p99 ${result.p99Ms} ms, burst ${result.deliveriesPerSecond} deliveries/s, missing ${result.missing}, duplicates ${result.duplicates}`);
      runs.push(result);
    }
  } finally {
    await stack.stop();
    await receiver.close();
  }
  return {
    subscriptions,
    ratePerSecond: rate,
    runs,
    deliveriesPerSecond: spreadOf(runs.map((run) => run.deliveriesPerSecond)),
    p50Ms: spreadOf(runs.map((run) => run.p50Ms)),
    p95Ms: spreadOf(runs.map((run) => run.p95Ms)),
    p99Ms: spreadOf(runs.map((run) => run.p99Ms)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readBenchOptions } = await import('./lib/bench-options');
  const result = await benchWebhookDelivery(readBenchOptions(process.env), (message) => process.stderr.write(`[webhooks] ${message}\n`));
  console.log(JSON.stringify(result, null, 2));
}
