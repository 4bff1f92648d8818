/**
 * Long-poll wake-up latency (issue 3, acceptance 4): a client waits on `GET /v1/events/poll`,
 * another commits a matching `say`; the figure is the time from the writer receiving its 202
 * (the commit happened before it) to the poller receiving its 200 with the event. Negative
 * values mean the poll answered before the writer's response arrived.
 *
 *   npx tsx bench/poll-wakeup.ts            # 40 trials, both transports when Redis is reachable
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createTestDatabase, getTestRedisUrl, isRedisReachable, startBuiltApp } from '@cafe/testkit';

const TRIALS = Number(process.env.POLL_BENCH_TRIALS ?? 40);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(redisUrl: string) {
  process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await createTestDatabase({ prefix: 'cafe_pollbench' });
  const app = await startBuiltApp('api', {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    API_RATE_LIMIT_PER_MIN: '100000000',
    MOD_MIN_ACTION_INTERVAL_MS: '0',
    MOD_MAX_ACTIONS_PER_WINDOW: '100000000',
    MOD_MAX_REPEATED_TEXT_PER_WINDOW: '100000000',
    LOG_LEVEL: 'warn',
  });
  const samples: number[] = [];
  try {
    // Trial 0 warms up the transport (Redis connection, relay election) and is not counted.
    for (let trial = 0; trial <= TRIALS; trial += 1) {
      const room = `poll-${trial}`;
      const poll = fetch(`${app.baseUrl}/v1/events/poll?roomId=${room}&cursor=0&types=conversation_message_posted&timeoutMs=10000`).then(async (res) => {
        const at = performance.now();
        return { at, body: (await res.json()) as { data: { count: number } } };
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const said = await fetch(`${app.baseUrl}/v1/commands/say`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ actorId: `writer-${trial}`, roomId: room, text: 'wake up' }),
      });
      const acknowledgedAt = performance.now();
      if (said.status !== 202) throw new Error(`say answered ${said.status}`);
      const woke = await poll;
      if (woke.body.data.count !== 1) throw new Error('poll returned without the event');
      if (trial > 0) samples.push(woke.at - acknowledgedAt);
    }
  } finally {
    await app.stop();
    await db.drop();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { trials: samples.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1)!) };
}

const redisUrl = getTestRedisUrl() ?? 'redis://127.0.0.1:6379';
const results: Record<string, unknown> = { postgres: await measure('') };
if (await isRedisReachable(redisUrl)) results.redis = await measure(redisUrl);
console.table(results);
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/poll-wakeup-${Date.now()}.json`, JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
