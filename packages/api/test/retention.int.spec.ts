import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { findIdempotencyRecord, saveIdempotencyRecord } from '../src/idempotency/idempotency-store';
import { IDEMPOTENCY_DELETE_MARGIN_MS } from '../src/retention/decide-retention';
import { sweepRetention } from '../src/retention/sweep-retention';
import { closeTrace, findTrace, openTrace, saveTrace } from '../src/traces/trace-store';

// The retention sweep (docs/operations.md#retention) against real Postgres: expired
// idempotency records and old traces go, in bounded batches; live ones stay.

const NOW = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TRACE_RETENTION_MS = 7 * DAY;

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.sql`truncate idempotency_keys, traces`;
});

const record = { requestHash: 'h', statusCode: 202, responseBody: '{"ok":true}', correlationId: null };

/** A record stored at `storedAt` that lives `ttlMs`. */
async function storeRecord(key: string, storedAt: Date, ttlMs: number, tenantId = 'default') {
  await saveIdempotencyRecord(db.sql, { tenantId, scope: 'commands:say', idempotencyKey: key }, record, storedAt, ttlMs);
}

async function storeTrace(correlationId: string, startedAt: Date) {
  const trace = openTrace({ correlationId, requestId: 'r', route: '/v1/commands/say', method: 'POST', actorId: 'ada', tenantId: 'default', roomId: 'main' }, startedAt);
  await saveTrace(db.sql, closeTrace(trace, 'success', startedAt));
}

async function remainingKeys(): Promise<string[]> {
  const rows = await db.sql<{ key: string }[]>`select idempotency_key as key from idempotency_keys order by idempotency_key`;
  return rows.map((row) => row.key);
}

async function remainingTraces(): Promise<string[]> {
  const rows = await db.sql<{ id: string }[]>`select correlation_id as id from traces order by correlation_id`;
  return rows.map((row) => row.id);
}

describe('sweepRetention', () => {
  it('deletes expired idempotency records and traces older than the retention; live ones stay', async () => {
    const hourAgo = new Date(NOW.getTime() - HOUR);
    for (let i = 0; i < 5; i += 1) await storeRecord(`expired-${i}`, new Date(NOW.getTime() - 2 * DAY), DAY);
    await storeRecord('live', hourAgo, DAY);
    // Expired a moment ago: another instance with a slower clock may still treat it as live.
    await storeRecord('just-expired', new Date(NOW.getTime() - DAY - 1000), DAY);
    for (let i = 0; i < 3; i += 1) await storeTrace(`old-${i}`, new Date(NOW.getTime() - 8 * DAY));
    await storeTrace('recent', hourAgo);
    await storeTrace('almost-old', new Date(NOW.getTime() - TRACE_RETENTION_MS + HOUR));

    const deleted = await sweepRetention(db.sql, { now: NOW, traceRetentionMs: TRACE_RETENTION_MS, batchSize: 2 });

    expect(deleted).toEqual({ idempotencyRecords: 5, traces: 3 });
    expect(await remainingKeys()).toEqual(['just-expired', 'live']);
    expect(await remainingTraces()).toEqual(['almost-old', 'recent']);
    expect(await findIdempotencyRecord(db.sql, { tenantId: 'default', scope: 'commands:say', idempotencyKey: 'live' }, NOW)).toMatchObject({ statusCode: 202 });
    expect(await findTrace(db.sql, 'recent')).toMatchObject({ correlationId: 'recent', status: 'success' });
    expect(await findTrace(db.sql, 'old-0')).toBeNull();

    // Past the margin the record that had just expired goes too.
    const later = new Date(NOW.getTime() + IDEMPOTENCY_DELETE_MARGIN_MS);
    expect(await sweepRetention(db.sql, { now: later, traceRetentionMs: TRACE_RETENTION_MS })).toEqual({ idempotencyRecords: 1, traces: 0 });
    expect(await remainingKeys()).toEqual(['live']);
  });

  it('keeps a key that was stored again after it expired', async () => {
    await storeRecord('reused', new Date(NOW.getTime() - 3 * DAY), DAY);
    await storeRecord('reused', new Date(NOW.getTime() - HOUR), DAY);
    expect(await sweepRetention(db.sql, { now: NOW, traceRetentionMs: TRACE_RETENTION_MS })).toEqual({ idempotencyRecords: 0, traces: 0 });
    expect(await remainingKeys()).toEqual(['reused']);
  });

  it('deletes at most batchSize × maxBatches rows of each table per sweep, and the next sweep goes on', async () => {
    for (let i = 0; i < 7; i += 1) await storeRecord(`expired-${i}`, new Date(NOW.getTime() - 2 * DAY - i * 1000), DAY);
    for (let i = 0; i < 7; i += 1) await storeTrace(`old-${i}`, new Date(NOW.getTime() - 10 * DAY - i * 1000));
    const bounded = { now: NOW, traceRetentionMs: TRACE_RETENTION_MS, batchSize: 2, maxBatches: 2 };
    expect(await sweepRetention(db.sql, bounded)).toEqual({ idempotencyRecords: 4, traces: 4 });
    // Oldest first: the four oldest of each went.
    expect(await remainingKeys()).toEqual(['expired-0', 'expired-1', 'expired-2']);
    expect(await remainingTraces()).toEqual(['old-0', 'old-1', 'old-2']);
    expect(await sweepRetention(db.sql, bounded)).toEqual({ idempotencyRecords: 3, traces: 3 });
    expect(await remainingKeys()).toEqual([]);
    expect(await remainingTraces()).toEqual([]);
  });

  it('sweeps of several instances at once share the work: every expired row goes once, no sweep fails or waits on another', async () => {
    const expired = Array.from({ length: 120 }, (_, i) => `expired-${String(i).padStart(3, '0')}`);
    await db.sql`
      insert into idempotency_keys (tenant_id, scope, idempotency_key, request_hash, status_code, response_body, created_at, expires_at)
      select 'default', 'commands:say', key, 'h', 202, '{}', ${new Date(NOW.getTime() - 2 * DAY)}, ${new Date(NOW.getTime() - DAY)}
        from unnest(${expired}::text[]) as key`;
    await storeRecord('live', NOW, DAY);
    const instances = await Promise.all(Array.from({ length: 4 }, () => sweepRetention(db.sql, { now: NOW, traceRetentionMs: TRACE_RETENTION_MS, batchSize: 5 })));
    expect(instances.reduce((sum, result) => sum + result.idempotencyRecords, 0)).toBe(expired.length);
    expect(await remainingKeys()).toEqual(['live']);
  });
});
