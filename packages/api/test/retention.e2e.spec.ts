import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, waitFor, type RunningApp, type TestDatabase } from '@cafe/testkit';

// The built API runs the retention sweep by itself every RETENTION_SWEEP_MS
// (docs/operations.md#retention).

const DAY = 86_400_000;

let db: TestDatabase;
let app: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', RETENTION_SWEEP_MS: '1000', TRACE_RETENTION_MS: String(2 * DAY) });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe('the retention sweeper of a running API', () => {
  it('deletes expired idempotency records and traces older than TRACE_RETENTION_MS; live ones stay', async () => {
    const now = Date.now();
    const at = (offsetMs: number) => new Date(now + offsetMs);
    await db.sql`
      insert into idempotency_keys (tenant_id, scope, idempotency_key, request_hash, status_code, response_body, created_at, expires_at)
      values ('default', 'commands:say', 'expired', 'h', 202, '{}', ${at(-2 * DAY)}, ${at(-DAY)}),
             ('default', 'commands:say', 'live', 'h', 202, '{}', ${at(0)}, ${at(DAY)})`;
    await db.sql`
      insert into traces (correlation_id, trace_id, request_id, route, method, status, started_at, steps)
      values ('old', ${crypto.randomUUID()}, 'r', '/v1/commands/say', 'POST', 'success', ${at(-3 * DAY)}, '[]'::jsonb),
             ('recent', ${crypto.randomUUID()}, 'r', '/v1/commands/say', 'POST', 'success', ${at(-DAY)}, '[]'::jsonb)`;
    const left = await waitFor(
      async () => {
        const keys = await db.sql<{ key: string }[]>`select idempotency_key as key from idempotency_keys order by 1`;
        const traces = await db.sql<{ id: string }[]>`select correlation_id as id from traces order by 1`;
        return keys.length === 1 && traces.length === 1 ? { keys: keys.map((row) => row.key), traces: traces.map((row) => row.id) } : undefined;
      },
      15_000,
      'the expired record and the old trace deleted',
    );
    expect(left).toEqual({ keys: ['live'], traces: ['recent'] });
  });
});
