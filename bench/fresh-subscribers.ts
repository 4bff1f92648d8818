/**
 * Fresh subscribers (issue 10, acceptance 4): 1,000 SSE clients with no cursor and no
 * Last-Event-ID connect at once to a room that holds 10,000 events, on the API stream and on
 * realtime. Each must get its `ready` frame and its replay of the newest `limit` events; the
 * figure is the time from opening the first connection until the last client has both, with
 * the bytes received per client (a replay of the whole history would be ~1.5 MB each).
 *
 *   npx tsx bench/fresh-subscribers.ts          # FRESH_BENCH_CLIENTS=1000 FRESH_BENCH_EVENTS=10000
 */
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { appendEvents } from '@cafe/db';
import type { NewEvent } from '@cafe/shared';
import { startBenchStack } from './lib/bench-stack';

const CLIENTS = Number(process.env.FRESH_BENCH_CLIENTS ?? 1000);
const EVENTS = Number(process.env.FRESH_BENCH_EVENTS ?? 10_000);
const ROOM = 'fresh-bench';
const log = (message: string) => process.stdout.write(`[fresh] ${message}\n`);

interface Outcome {
  /** ms from the first connection until every client had `ready` and `expected` event frames. */
  allReadyMs: number | null;
  connected: number;
  failed: number;
  /** Median bytes received per client. */
  medianBytes: number;
}

/** Opens `count` fresh subscribers and waits (≤ timeoutMs) until each received `expected` event frames and `ready`. */
function connectFresh(url: string, count: number, expected: number, timeoutMs: number): Promise<Outcome> {
  const started = performance.now();
  let done = 0;
  let failed = 0;
  const bytes: number[] = new Array(count).fill(0);
  const requests: ReturnType<typeof request>[] = [];
  return new Promise((resolve) => {
    const finish = (allReadyMs: number | null) => {
      clearTimeout(timer);
      for (const req of requests) req.destroy();
      const sorted = [...bytes].sort((a, b) => a - b);
      resolve({ allReadyMs, connected: done, failed, medianBytes: sorted[Math.floor(sorted.length / 2)] ?? 0 });
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    for (let i = 0; i < count; i += 1) {
      let frames = 0;
      let ready = false;
      let counted = false;
      let tail = '';
      const req = request(url, { headers: { accept: 'text/event-stream' } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          bytes[i] += Buffer.byteLength(chunk);
          const text = tail + chunk;
          const cut = text.lastIndexOf('\n');
          tail = text.slice(cut + 1);
          const complete = text.slice(0, cut + 1);
          if (complete.includes('event: ready\n')) ready = true;
          frames += complete.match(/^id: /gm)?.length ?? 0;
          if (!counted && ready && frames >= expected) {
            counted = true;
            done += 1;
            if (done === count) finish(performance.now() - started);
          }
        });
      });
      req.on('error', () => (failed += 1));
      req.end();
      requests.push(req);
    }
  });
}

// The API serves at most API_STREAM_MAX_CLIENTS streams (1000 by default): room for every client.
const stack = await startBenchStack({ realtime: true, log, env: { API_STREAM_MAX_CLIENTS: String(Math.max(1000, CLIENTS * 2)) } });
try {
  log(`seeding ${EVENTS} events into room ${ROOM}`);
  for (let offset = 0; offset < EVENTS; offset += 500) {
    const batch: NewEvent[] = [];
    for (let i = offset; i < Math.min(EVENTS, offset + 500); i += 1) {
      batch.push({
        eventId: randomUUID(),
        tenantId: 'default',
        roomId: ROOM,
        actorId: `actor-${i % 50}`,
        type: 'conversation_message_posted',
        timestamp: new Date().toISOString(),
        payload: { text: `message ${i} `.padEnd(100, '.'), mentions: [] },
        correlationId: randomUUID(),
        causationId: null,
      });
    }
    await stack.db.sql.begin((tx) => appendEvents(tx, batch));
  }
  // Let realtime's feed pass the seeded log so it replays from its own state.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const results: Record<string, Outcome> = {};
  for (const [name, url, limit] of [
    // The stack runs with NODE_ENV=production, so both services want its token.
    ['api /v1/streams/market-events', `${stack.api.baseUrl}/v1/streams/market-events?roomId=${ROOM}&apiKey=${stack.apiToken}`, 200],
    ['realtime /v1/stream', `${stack.realtime!.baseUrl}/v1/stream?roomId=${ROOM}&apiKey=${stack.apiToken}`, 300],
  ] as const) {
    log(`${name}: ${CLIENTS} fresh subscribers (replay of the newest ${limit})`);
    const outcome = await connectFresh(url, CLIENTS, limit, 60_000);
    results[name] = outcome;
    log(
      `${name}: ${outcome.connected}/${CLIENTS} had ready + ${limit} events ${outcome.allReadyMs === null ? 'NOT within 60 s' : `after ${Math.round(outcome.allReadyMs)} ms`}` +
        `, failed ${outcome.failed}, median ${Math.round(outcome.medianBytes / 1024)} KiB per client`,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/fresh-subscribers-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), clients: CLIENTS, events: EVENTS, results }, null, 2)}\n`);
  log(`saved ${file}`);
} finally {
  await stack.stop();
}
