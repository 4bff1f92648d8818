import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { readQueryValues } from '../src/request/query';
import { createTableSession, upsertRoom } from './helpers/commands-for-tests';
import { readRooms, requireRoom } from '../src/rooms/read-rooms';
import type { Room } from '../src/rooms/room';
import { seedDefaultRoom } from '../src/rooms/seed-default-room';
import type { ApiRuntime } from '../src/runtime';
import { bodyOf, createRuntimeForTests, failureOf, mutationRequest } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db);
});
afterAll(async () => {
  await db?.drop();
});


async function eventsOf(tenantId: string, roomId: string) {
  return db.sql<{ type: string; actor_id: string; payload: Record<string, unknown>; correlation_id: string }[]>`
    select type, actor_id, payload, correlation_id from events where tenant_id = ${tenantId} and room_id = ${roomId} order by sequence`;
}

type UpsertData = { room: Room; created: boolean; payment: unknown; emittedEvents: { eventType: string }[]; correlationId: string };

describe('POST /v1/rooms', () => {
  it('creates a lobby (201, room_created by the requester) and replaces it (200, room_updated)', async () => {
    const created = await upsertRoom(runtime, mutationRequest({ roomId: 'corner', actorId: 'ada', displayName: 'Corner', metadata: { a: 1 } }));
    expect(created.status).toBe(201);
    const first = bodyOf<UpsertData>(created).data;
    expect(first).toMatchObject({ created: true, payment: null, emittedEvents: [{ eventType: 'room_created' }] });
    expect(first.room).toMatchObject({ tenantId: 'default', roomId: 'corner', roomType: 'lobby', displayName: 'Corner', ownerActorId: 'ada', metadata: { a: 1 } });

    const updated = await upsertRoom(runtime, mutationRequest({ roomId: 'corner', actorId: 'bob', ownerActorId: 'cy' }));
    expect(updated.status).toBe(200);
    const second = bodyOf<UpsertData>(updated).data;
    expect(second.room).toMatchObject({ displayName: null, ownerActorId: 'cy', metadata: {}, createdAt: first.room.createdAt });
    expect(second.emittedEvents).toEqual([expect.objectContaining({ eventType: 'room_updated' })]);

    const events = await eventsOf('default', 'corner');
    expect(events.map((e) => [e.type, e.actor_id])).toEqual([
      ['room_created', 'ada'],
      ['room_updated', 'bob'],
    ]);
    expect(events[0]!.correlation_id).toBe(first.correlationId);
    expect(events[1]!.payload).toEqual({
      roomId: 'corner',
      roomType: 'lobby',
      displayName: null,
      ownerActorId: 'cy',
      metadata: {},
      paymentProvider: null,
      paymentRef: null,
      paymentAmountUsd: null,
    });
  });

  it('replays the first answer without a second event', async () => {
    const request = mutationRequest({ roomId: 'replayed', actorId: 'ada' });
    const first = await upsertRoom(runtime, request);
    const again = await upsertRoom(runtime, request);
    expect(again).toMatchObject({ kind: 'replayed', status: 201, body: first.body });
    expect(await eventsOf('default', 'replayed')).toHaveLength(1);
  });

  it('runs every field check before the key and writes nothing on failure', async () => {
    const cases = [
      [{ actorId: 'a' }, 'ERR_MISSING_FIELD'],
      [{ roomId: 'r' }, 'ERR_MISSING_FIELD'],
      [{ roomId: 'r', actorId: 'a', roomType: 'vip' }, 'ERR_INVALID_ENUM'],
      [{ roomId: 'r', actorId: 'a', paymentAmountUsd: -2 }, 'ERR_OUT_OF_BOUNDS'],
      [{ roomId: 'r', actorId: 'a', metadata: 1 }, 'ERR_VALIDATION'],
      [{ roomId: 'r', actorId: 'a', tenantId: 7 }, 'ERR_VALIDATION'],
      [{ roomId: 'r', actorId: 'a' }, 'ERR_IDEMPOTENCY_KEY_REQUIRED'],
    ] as const;
    for (const [body, code] of cases) expect((await failureOf(upsertRoom(runtime, mutationRequest(body, null)))).code).toBe(code);
    expect(await eventsOf('default', 'r')).toHaveLength(0);
    expect((await failureOf(requireRoom(db.sql, 'default', 'r'))).code).toBe('ERR_NOT_FOUND');
  });
});

describe('POST /v1/rooms private tables (payment gate, stub/off/webhook)', () => {
  it('stub: refuses a wrong proof with 402 and writes nothing; accepts the configured proof', async () => {
    const refused = await failureOf(upsertRoom(runtime, mutationRequest({ roomId: 'vip', actorId: 'ada', roomType: 'private_table', paymentProof: 'tea' })));
    expect(refused.code).toBe('ERR_PAYMENT_REQUIRED');
    expect(refused.status).toBe(402);
    expect(refused.details).toMatchObject({ tenantId: 'default', roomId: 'vip', ownerActorId: 'ada', mode: 'stub', amountUsd: 3.5 });
    expect(await eventsOf('default', 'vip')).toHaveLength(0);

    const paid = await upsertRoom(runtime, mutationRequest({ roomId: 'vip', actorId: 'ada', roomType: 'private_table', paymentProof: 'coffee_paid', paymentAmountUsd: 5 }));
    expect(paid.status).toBe(201);
    const data = bodyOf<UpsertData>(paid).data;
    expect(data.payment).toEqual({ verified: true, provider: 'stub', ref: 'coffee_paid', amountUsd: 5 });
    expect(data.room.roomType).toBe('private_table');
    const [event] = await eventsOf('default', 'vip');
    expect(event!.payload).toMatchObject({ paymentProvider: 'stub', paymentRef: 'coffee_paid', paymentAmountUsd: 5 });
  });

  it('stub: a private table without a session is closed, even to its owner (the gate answers 402)', async () => {
    const error = await failureOf(upsertRoom(runtime, mutationRequest({ roomId: 'vip', actorId: 'ada', roomType: 'private_table', paymentProof: 'coffee_paid' })));
    expect([error.code, error.message]).toEqual(['ERR_PAYMENT_REQUIRED', 'No active private table session for this room']);
  });

  it('stub: with a session, every upsert of the private table pays again', async () => {
    await createTableSession(runtime, mutationRequest({ roomId: 'vip', actorId: 'ada', planId: 'espresso', paymentProof: 'coffee_paid' }));
    const error = await failureOf(upsertRoom(runtime, mutationRequest({ roomId: 'vip', actorId: 'ada', roomType: 'private_table' })));
    expect([error.code, error.message]).toEqual(['ERR_PAYMENT_REQUIRED', 'Payment required to create a private table']);
    const paid = await upsertRoom(runtime, mutationRequest({ roomId: 'vip', actorId: 'ada', roomType: 'private_table', paymentProof: 'coffee_paid', displayName: 'VIP' }));
    expect(paid.status).toBe(200);
  });

  it('off: always verified', async () => {
    const off = createRuntimeForTests(db, { PRIVATE_TABLE_PAYMENT_MODE: 'off' });
    const result = await upsertRoom(off, mutationRequest({ roomId: 'free', actorId: 'ada', roomType: 'private_table', paymentRef: 'r1' }));
    expect(bodyOf<UpsertData>(result).data.payment).toEqual({ verified: true, provider: 'off', ref: 'r1', amountUsd: 3.5 });
  });

  describe('webhook', () => {
    let server: Server;
    let url: string;
    const seen: { body: Record<string, unknown>; requestId: string | undefined }[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        let raw = '';
        req.on('data', (chunk) => (raw += chunk));
        req.on('end', () => {
          const body = JSON.parse(raw) as Record<string, unknown>;
          seen.push({ body, requestId: req.headers['x-request-id'] as string | undefined });
          const paid = body.paymentProof === 'card-ok';
          res.writeHead(paid ? 200 : 402, { 'content-type': 'application/json' });
          res.end(JSON.stringify(paid ? { paid: true, provider: 'acme', paymentRef: 'acme-1' } : { paid: false, message: 'declined' }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('asks the webhook and takes its provider and ref', async () => {
      const hooked = createRuntimeForTests(db, { PRIVATE_TABLE_PAYMENT_MODE: 'webhook', PRIVATE_TABLE_PAYMENT_WEBHOOK_URL: url });
      const request = mutationRequest({ roomId: 'hooked', actorId: 'ada', roomType: 'private_table', paymentProof: 'card-ok' });
      const result = await upsertRoom(hooked, request);
      expect(bodyOf<UpsertData>(result).data.payment).toEqual({ verified: true, provider: 'acme', ref: 'acme-1', amountUsd: 3.5 });
      expect(seen.at(-1)).toEqual({
        body: { tenantId: 'default', roomId: 'hooked', ownerActorId: 'ada', paymentProof: 'card-ok', paymentRef: null, amountUsd: 3.5 },
        requestId: request.requestId,
      });
    });

    it('refuses when the webhook declines, is unreachable or is not configured', async () => {
      const hooked = createRuntimeForTests(db, { PRIVATE_TABLE_PAYMENT_MODE: 'webhook', PRIVATE_TABLE_PAYMENT_WEBHOOK_URL: url });
      const declined = await failureOf(upsertRoom(hooked, mutationRequest({ roomId: 'h2', actorId: 'ada', roomType: 'private_table', paymentProof: 'card-bad' })));
      expect(declined.details).toMatchObject({ mode: 'webhook', status: 402, providerMessage: 'declined' });
      const unreachable = createRuntimeForTests(db, { PRIVATE_TABLE_PAYMENT_MODE: 'webhook', PRIVATE_TABLE_PAYMENT_WEBHOOK_URL: 'http://127.0.0.1:9/verify' });
      const transport = await failureOf(upsertRoom(unreachable, mutationRequest({ roomId: 'h2', actorId: 'ada', roomType: 'private_table' })));
      expect(transport.code).toBe('ERR_PAYMENT_REQUIRED');
      expect(transport.details).toMatchObject({ mode: 'webhook', cause: expect.any(String) });
      const unset = createRuntimeForTests(db, { PRIVATE_TABLE_PAYMENT_MODE: 'webhook' });
      const notConfigured = await failureOf(upsertRoom(unset, mutationRequest({ roomId: 'h2', actorId: 'ada', roomType: 'private_table' })));
      expect(notConfigured.message).toBe('Payment verification is not configured');
      expect(await eventsOf('default', 'h2')).toHaveLength(0);
    });
  });
});

describe('GET /v1/rooms', () => {
  it('lists newest-updated first with filters, reads one by roomId, validates roomType', async () => {
    const all = (await readRooms(db.sql, readQueryValues({}), 'default')) as { rooms: Room[]; count: number };
    expect(all.count).toBe(all.rooms.length);
    const times = all.rooms.map((room) => room.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const privates = (await readRooms(db.sql, readQueryValues({ roomType: 'PRIVATE_TABLE' }), 'default')) as { rooms: Room[] };
    expect(privates.rooms.length).toBeGreaterThan(0);
    expect(privates.rooms.every((room) => room.roomType === 'private_table')).toBe(true);
    const owned = (await readRooms(db.sql, readQueryValues({ ownerActorId: 'cy' }), 'default')) as { rooms: Room[] };
    expect(owned.rooms.map((room) => room.roomId)).toEqual(['corner']);
    expect(((await readRooms(db.sql, readQueryValues({ limit: '1' }), 'default')) as { count: number }).count).toBe(1);
    expect(await readRooms(db.sql, readQueryValues({ roomId: 'corner' }), 'default')).toMatchObject({ room: { roomId: 'corner' } });
    const missing = await failureOf(readRooms(db.sql, readQueryValues({ roomId: 'nowhere' }), 'default'));
    expect([missing.code, missing.message]).toEqual(['ERR_NOT_FOUND', 'Room not found']);
    const badType = await failureOf(readRooms(db.sql, readQueryValues({ roomType: 'vip' }), 'default'));
    expect(badType.code).toBe('ERR_INVALID_ENUM');
    expect(badType.details).toMatchObject({ field: 'roomType', allowed: ['lobby', 'private_table'] });
  });
});

describe('default lobby seed (docs/http.md#tenants-and-rooms)', () => {
  it('creates the lobby once with one room_created by system, also when seeders race', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => seedDefaultRoom(db.sql, { tenantId: 'seeded', roomId: 'main' })));
    expect(results.filter((result) => result.kind === 'created')).toHaveLength(1);
    const events = await eventsOf('seeded', 'main');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'room_created', actor_id: 'system' });
    expect(events[0]!.payload).toEqual({
      roomId: 'main',
      roomType: 'lobby',
      ownerActorId: null,
      displayName: 'Main Cafe Lobby',
      metadata: { seeded: true, seededBy: 'system' },
      seeded: true,
    });
    const room = await requireRoom(db.sql, 'seeded', 'main');
    expect(room).toMatchObject({ roomType: 'lobby', displayName: 'Main Cafe Lobby', ownerActorId: null, metadata: { seeded: true, seededBy: 'system' } });
    expect((await seedDefaultRoom(db.sql, { tenantId: 'seeded', roomId: 'main' })).kind).toBe('exists');
  });

  it('leaves a room created through the API alone, also when racing it', async () => {
    const [, seeded] = await Promise.all([
      upsertRoom(runtime, mutationRequest({ tenantId: 'raced', roomId: 'main', actorId: 'ada', displayName: 'Mine' })),
      seedDefaultRoom(db.sql, { tenantId: 'raced', roomId: 'main' }),
    ]);
    const events = await eventsOf('raced', 'main');
    const room = await requireRoom(db.sql, 'raced', 'main');
    // Whoever ran second saw the first one's row: one creation event, never two.
    expect(events.filter((event) => event.type === 'room_created')).toHaveLength(1);
    if (seeded.kind === 'created') expect(events.map((event) => event.type)).toEqual(['room_created', 'room_updated']);
    else expect(room.displayName).toBe('Mine');
  });
});
