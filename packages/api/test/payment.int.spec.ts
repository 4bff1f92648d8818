import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, getFreePort, type TestDatabase } from '@cafe/testkit';
import type { ApiRuntime } from '../src/runtime';
import { createTableSession, upsertRoom } from './helpers/commands-for-tests';
import { bodyOf, createRuntimeForTests, failureOf, mutationRequest } from './helpers/runtime-for-tests';

/**
 * The payment gate's three modes against a real HTTP server playing the provider: it approves
 * `card-ok`, declines anything else, answers `slow` only when the test lets it, and
 * `too-slow` after the timeout. Both paid routes (rooms and table sessions) are covered.
 */
let db: TestDatabase;
let provider: Server;
let providerUrl: string;
const calls: { body: Record<string, unknown>; idempotencyKey: string | undefined; requestId: string | undefined }[] = [];
let releaseSlow: (() => void) | undefined;
let slowArrived: (() => void) | undefined;

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => resolve(JSON.parse(raw) as Record<string, unknown>));
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  provider = createServer(async (req, res) => {
    const body = await readBody(req);
    calls.push({ body, idempotencyKey: req.headers['idempotency-key'] as string | undefined, requestId: req.headers['x-request-id'] as string | undefined });
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (body.paymentProof === 'slow') {
      await new Promise<void>((resolve) => {
        releaseSlow = resolve;
        slowArrived?.();
      });
      return answer(200, { paid: true, provider: 'acme', paymentRef: 'acme-slow' });
    }
    if (body.paymentProof === 'too-slow') {
      setTimeout(() => answer(200, { paid: true }), 1500);
      return;
    }
    if (body.paymentProof === 'card-ok') return answer(200, { paid: true, provider: 'acme', paymentRef: `acme-${calls.length}` });
    return answer(402, { paid: false, message: 'card declined' });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/verify`;
});
afterAll(async () => {
  provider?.closeAllConnections();
  await new Promise((resolve) => provider?.close(resolve));
  await db?.drop();
});

const webhook = (url = providerUrl): ApiRuntime =>
  createRuntimeForTests(db, { PRIVATE_TABLE_PAYMENT_MODE: 'webhook', PRIVATE_TABLE_PAYMENT_WEBHOOK_URL: url, PRIVATE_TABLE_PAYMENT_WEBHOOK_TIMEOUT_MS: '1000' });

const PAID_ROUTES = {
  room: (runtime: ApiRuntime, roomId: string, body: Record<string, unknown>, key?: string) =>
    upsertRoom(runtime, mutationRequest({ roomId, actorId: 'alice', roomType: 'private_table', ...body }, key)),
  session: (runtime: ApiRuntime, roomId: string, body: Record<string, unknown>, key?: string) =>
    createTableSession(runtime, mutationRequest({ roomId, actorId: 'alice', planId: 'espresso', ...body }, key)),
};

async function writesIn(roomId: string) {
  const [row] = await db.sql<{ events: number; sessions: number; rooms: number }[]>`
    select (select count(*)::int from events where room_id = ${roomId}) as events,
           (select count(*)::int from table_sessions where room_id = ${roomId}) as sessions,
           (select count(*)::int from rooms where room_id = ${roomId}) as rooms`;
  return row!;
}

describe.each(Object.entries(PAID_ROUTES))('payment gate on %s', (route, call) => {
  it('off: always verified, the client ref kept', async () => {
    const off = createRuntimeForTests(db, { PRIVATE_TABLE_PAYMENT_MODE: 'off' });
    const result = await call(off, `${route}-off`, { paymentRef: 'r-1' });
    expect(result.status).toBe(201);
    expect(JSON.stringify(bodyOf(result).data)).toContain('"r-1"');
  });

  it('stub: the configured proof passes, another is refused with 402 and no write', async () => {
    const stub = createRuntimeForTests(db, { PRIVATE_TABLE_PAYMENT_MODE: 'stub', PRIVATE_TABLE_PAYMENT_STUB_PROOF: 'beans' });
    const refused = await failureOf(call(stub, `${route}-stub`, { paymentProof: 'coffee_paid' }));
    expect([refused.code, refused.status, refused.message]).toEqual(['ERR_PAYMENT_REQUIRED', 402, 'Payment required to create a private table']);
    expect(JSON.stringify(refused.details)).not.toContain('beans');
    expect(await writesIn(`${route}-stub`)).toEqual({ events: 0, sessions: 0, rooms: 0 });
    expect((await call(stub, `${route}-stub`, { paymentProof: 'beans' })).status).toBe(201);
  });

  it('webhook approve: the provider gets the contract body, x-request-id and an idempotency key', async () => {
    const before = calls.length;
    const result = await call(webhook(), `${route}-approve`, { paymentProof: 'card-ok', paymentRef: 'client-ref' });
    expect(result.status).toBe(201);
    expect(calls.length).toBe(before + 1);
    const seen = calls.at(-1)!;
    expect(seen.body).toEqual({ tenantId: 'default', roomId: `${route}-approve`, ownerActorId: 'alice', paymentProof: 'card-ok', paymentRef: 'client-ref', amountUsd: route === 'room' ? 3.5 : 3 });
    expect(seen.idempotencyKey).toMatch(/^cafe-pay-[0-9a-f]{40}$/);
    expect(seen.requestId).toEqual(expect.any(String));
    expect(JSON.stringify(bodyOf(result).data)).toContain('"acme"');
  });

  it('webhook decline: 402 with the provider status and message, no write', async () => {
    const error = await failureOf(call(webhook(), `${route}-decline`, { paymentProof: 'card-bad' }));
    expect([error.code, error.message]).toEqual(['ERR_PAYMENT_REQUIRED', 'Payment verification failed']);
    expect(error.details).toMatchObject({ mode: 'webhook', status: 402, providerMessage: 'card declined' });
    expect(await writesIn(`${route}-decline`)).toEqual({ events: 0, sessions: 0, rooms: 0 });
  });

  it('webhook down: 402 with the transport cause, no write', async () => {
    const down = webhook(`http://127.0.0.1:${await getFreePort()}/verify`);
    const error = await failureOf(call(down, `${route}-down`, { paymentProof: 'card-ok' }));
    expect([error.code, error.message]).toEqual(['ERR_PAYMENT_REQUIRED', 'Payment verification failed']);
    expect(error.details).toMatchObject({ mode: 'webhook', cause: expect.any(String) });
    expect(await writesIn(`${route}-down`)).toEqual({ events: 0, sessions: 0, rooms: 0 });
  });

  it('webhook slower than the timeout: 402; the retry asks again with the same idempotency key', async () => {
    const key = crypto.randomUUID();
    const started = Date.now();
    const error = await failureOf(call(webhook(), `${route}-timeout`, { paymentProof: 'too-slow' }, key));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.details).toMatchObject({ mode: 'webhook', cause: expect.stringMatching(/abort|timeout/i) });
    const first = calls.at(-1)!;
    await failureOf(call(webhook(), `${route}-timeout`, { paymentProof: 'too-slow' }, key));
    expect(calls.at(-1)!.idempotencyKey).toBe(first.idempotencyKey);
    expect(await writesIn(`${route}-timeout`)).toEqual({ events: 0, sessions: 0, rooms: 0 });
  });

  it('webhook slow: while the provider thinks, no transaction is open and no lock is held; a retry replays without a second charge', async () => {
    const key = crypto.randomUUID();
    const arrived = new Promise<void>((resolve) => (slowArrived = resolve));
    const pending = call(webhook(), `${route}-slow`, { paymentProof: 'slow' }, key);
    await arrived;
    const [held] = await db.sql<{ locks: number; open: number }[]>`
      select (select count(*)::int from pg_locks
               where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())) as locks,
             (select count(*)::int from pg_stat_activity where datname = current_database() and state like 'idle in transaction%') as open`;
    expect(held).toEqual({ locks: 0, open: 0 });
    releaseSlow!();
    const result = await pending;
    expect(result.status).toBe(201);
    const charges = calls.length;
    const again = await call(webhook(), `${route}-slow`, { paymentProof: 'slow' }, key);
    expect(again).toMatchObject({ kind: 'replayed', body: result.body });
    expect(calls.length).toBe(charges);
  });
});

describe('payment gate order', () => {
  it('a request the gate refuses never reaches the provider', async () => {
    await createTableSession(webhook(), mutationRequest({ roomId: 'ordered', actorId: 'alice', planId: 'espresso', paymentProof: 'card-ok' }));
    const before = calls.length;
    const error = await failureOf(createTableSession(webhook(), mutationRequest({ roomId: 'ordered', actorId: 'mallory', planId: 'espresso', paymentProof: 'card-ok' })));
    expect(error.code).toBe('ERR_FORBIDDEN');
    const takeover = await failureOf(upsertRoom(webhook(), mutationRequest({ roomId: 'ordered', actorId: 'mallory', roomType: 'private_table', paymentProof: 'card-ok' })));
    expect(takeover.code).toBe('ERR_FORBIDDEN');
    expect(calls.length).toBe(before);
  });
});
