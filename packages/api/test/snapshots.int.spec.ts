import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { readQueryValues } from '../src/request/query';
import type { ApiRuntime } from '../src/runtime';
import { createSnapshot } from './helpers/commands-for-tests';
import { readSnapshot } from '../src/snapshots/read-snapshot';
import type { Snapshot, SnapshotKind } from '../src/snapshots/snapshot';
import { findLiveSnapshot } from '../src/snapshots/snapshot-store';
import { requireTrace } from '../src/traces/read-trace';
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


const create = async (kind: SnapshotKind, body: Record<string, unknown>) => {
  const result = await createSnapshot(runtime, { kind, ...mutationRequest(body) });
  return { result, data: bodyOf<{ snapshot: Snapshot; correlationId: string }>(result).data };
};

describe('POST /v1/snapshots/{room|agent}', () => {
  it('numbers room snapshots per room, authored by system, with snapshot_created', async () => {
    const one = await create('room', { roomId: 'r1', state: { tables: 3 } });
    expect(one.result.status).toBe(201);
    expect(Object.keys(one.data).sort()).toEqual(['correlationId', 'snapshot']);
    expect(one.data.snapshot).toMatchObject({ scope: 'room', tenantId: 'default', roomId: 'r1', actorId: null, version: 1, state: { tables: 3 } });
    expect(Date.parse(one.data.snapshot.expiresAt!) - Date.parse(one.data.snapshot.createdAt)).toBe(3_600_000);
    const two = await create('room', { roomId: 'r1', actorId: 'ada', ttlSeconds: -1 });
    expect(two.data.snapshot).toMatchObject({ version: 2, actorId: null, expiresAt: null, state: {} });
    expect((await create('room', { roomId: 'r2' })).data.snapshot.version).toBe(1);

    const events = await db.sql<{ actor_id: string; payload: Record<string, unknown>; correlation_id: string }[]>`
      select actor_id, payload, correlation_id from events where type = 'snapshot_created' and room_id = 'r1' order by sequence`;
    expect(events.map((e) => e.actor_id)).toEqual(['system', 'ada']);
    expect(events[0]!.payload).toEqual({ scope: 'room', version: 1, expiresAt: one.data.snapshot.expiresAt, snapshotRef: { roomId: 'r1', actorId: null } });
    expect(events[0]!.correlation_id).toBe(one.data.correlationId);
    const { trace } = await requireTrace(db.sql, one.data.correlationId);
    expect(trace.steps.map((step) => step.code)).toContain('RC_SNAPSHOT_CREATED');
  });

  it('numbers agent snapshots per room and actor', async () => {
    expect((await create('agent', { roomId: 'r1', actorId: 'ada', state: { mood: 'ok' } })).data.snapshot).toMatchObject({ scope: 'agent', actorId: 'ada', version: 1 });
    expect((await create('agent', { roomId: 'r1', actorId: 'ada' })).data.snapshot.version).toBe(2);
    expect((await create('agent', { roomId: 'r1', actorId: 'bob' })).data.snapshot.version).toBe(1);
  });

  it('gives concurrent creations distinct versions', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => create('room', { roomId: 'busy' })));
    expect(results.map((r) => r.data.snapshot.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('validates before the key and writes nothing on failure', async () => {
    const before = await db.sql`select count(*)::int as n from snapshots`;
    const cases = [
      ['agent', {}, 'ERR_MISSING_FIELD'],
      ['room', { state: 'full' }, 'ERR_VALIDATION'],
      ['room', { roomId: 3 }, 'ERR_VALIDATION'],
      ['room', {}, 'ERR_IDEMPOTENCY_KEY_REQUIRED'],
    ] as const;
    for (const [kind, body, code] of cases) {
      expect((await failureOf(createSnapshot(runtime, { kind, ...mutationRequest(body, null) }))).code).toBe(code);
    }
    expect(await db.sql`select count(*)::int as n from snapshots`).toEqual(before);
  });

  it('replays the first answer', async () => {
    const request = { kind: 'room' as const, ...mutationRequest({ roomId: 'rep' }) };
    const first = await createSnapshot(runtime, request);
    expect(await createSnapshot(runtime, request)).toMatchObject({ kind: 'replayed', status: 201, body: first.body });
    expect((await create('room', { roomId: 'rep' })).data.snapshot.version).toBe(2);
  });
});

describe('GET /v1/snapshots/{room|agent}', () => {
  it('returns the latest or the named version', async () => {
    expect(await readSnapshot(db.sql, 'room', readQueryValues({ roomId: 'r1' }), { tenantId: 'default', roomId: 'main' })).toMatchObject({
      snapshot: { version: 2 },
    });
    expect(await readSnapshot(db.sql, 'room', readQueryValues({ roomId: 'r1', version: '1' }), { tenantId: 'default', roomId: 'main' })).toMatchObject({
      snapshot: { version: 1, state: { tables: 3 } },
    });
    expect(await readSnapshot(db.sql, 'agent', readQueryValues({ roomId: 'r1', actorId: 'bob' }), { tenantId: 'default', roomId: 'main' })).toMatchObject({
      snapshot: { actorId: 'bob', version: 1 },
    });
  });

  it('404s with the lookup in details, and requires actorId for agent', async () => {
    const missing = await failureOf(readSnapshot(db.sql, 'room', readQueryValues({ roomId: 'r1', version: '9' }), { tenantId: 'default', roomId: 'main' }));
    expect([missing.code, missing.message]).toEqual(['ERR_NOT_FOUND', 'Snapshot not found']);
    expect(missing.details).toEqual({ tenantId: 'default', roomId: 'r1', actorId: null, version: 9 });
    const none = await failureOf(readSnapshot(db.sql, 'agent', readQueryValues({ actorId: 'ada' }), { tenantId: 'default', roomId: 'main' }));
    expect(none.details).toEqual({ tenantId: 'default', roomId: 'main', actorId: 'ada', version: null });
    expect((await failureOf(readSnapshot(db.sql, 'agent', readQueryValues({ roomId: 'r1' }), { tenantId: 'default', roomId: 'main' }))).code).toBe('ERR_MISSING_FIELD');
  });

  it('hides expired snapshots: the latest live one wins, a named expired version is not found', async () => {
    const series = { tenantId: 'default', roomId: 'r1', scope: 'room' as const, actorId: null };
    const inTwoHours = new Date(Date.now() + 2 * 3_600_000);
    // Version 1 expires after an hour, version 2 never does.
    expect((await findLiveSnapshot(db.sql, series, undefined, inTwoHours))?.version).toBe(2);
    expect(await findLiveSnapshot(db.sql, series, 1, inTwoHours)).toBeNull();
    expect((await findLiveSnapshot(db.sql, { ...series, roomId: 'r2' }, undefined, inTwoHours))).toBeNull();
  });
});
