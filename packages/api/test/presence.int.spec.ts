import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '@cafe/db';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { executeHeartbeat } from './helpers/commands-for-tests';
import type { PresenceState } from '../src/presence/presence-state';
import { locks } from '../src/pipeline/keys';
import { findPresence } from '../src/presence/presence-store';
import { readLastSeen, readPresence } from '../src/presence/read-presence';
import { sweepExpiredPresence } from '../src/presence/sweep-presence';
import { readQueryValues } from '../src/request/query';
import type { ApiRuntime } from '../src/runtime';
import { bodyOf, createRuntimeForTests, failureOf, mutationRequest, waitUntilSettled } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db);
});
afterAll(async () => {
  await db?.drop();
});


type HeartbeatData = { presence: PresenceState; emittedEvents: { eventId: string; sequence: number; eventType: string }[]; correlationId: string };

const heartbeat = async (body: Record<string, unknown>, key?: string) => {
  const result = await executeHeartbeat(runtime, mutationRequest(body, key));
  return { result, data: bodyOf<HeartbeatData>(result).data };
};

async function eventsOf(tenantId: string) {
  return db.sql<{ event_id: string; type: string; actor_id: string; payload: Record<string, unknown>; correlation_id: string; causation_id: string | null }[]>`
    select event_id, type, actor_id, payload, correlation_id, causation_id from events where tenant_id = ${tenantId} order by sequence`;
}

describe('POST /v1/presence/heartbeat', () => {
  it('first heartbeat: 202, active presence, only presence_heartbeat', async () => {
    const { result, data } = await heartbeat({ tenantId: 'hb', actorId: 'ada', ttlMs: 5000 });
    expect(result.status).toBe(202);
    expect(data.presence).toMatchObject({ tenantId: 'hb', roomId: 'main', actorId: 'ada', status: 'idle', ttlMs: 5000, isActive: true });
    expect(Date.parse(data.presence.expiresAt) - Date.parse(data.presence.lastHeartbeatAt)).toBe(5000);
    expect(data.emittedEvents.map((e) => e.eventType)).toEqual(['presence_heartbeat']);
    const [event] = await eventsOf('hb');
    expect(event!.payload).toEqual({ status: 'idle', ttlMs: 5000, lastHeartbeatAt: data.presence.lastHeartbeatAt, expiresAt: data.presence.expiresAt });
    expect(event!.correlation_id).toBe(data.correlationId);
  });

  it('a changed status adds status_changed (heartbeat_update, agent) caused by the heartbeat', async () => {
    const { data } = await heartbeat({ tenantId: 'hb', actorId: 'ada', status: 'Thinking' });
    expect(data.emittedEvents.map((e) => e.eventType)).toEqual(['presence_heartbeat', 'status_changed']);
    expect(data.presence).toMatchObject({ status: 'thinking', ttlMs: 60000 });
    const events = await eventsOf('hb');
    const change = events.at(-1)!;
    expect(change.causation_id).toBe(events.at(-2)!.event_id);
    expect(change.payload).toMatchObject({ fromStatus: 'idle', toStatus: 'thinking', reason: 'heartbeat_update', source: 'agent' });
    const same = await heartbeat({ tenantId: 'hb', actorId: 'ada', status: 'thinking' });
    expect(same.data.emittedEvents).toHaveLength(1);
  });

  it('stores isActive false for status inactive (Decision)', async () => {
    const { data } = await heartbeat({ tenantId: 'hb', actorId: 'ada', status: 'inactive' });
    expect(data.presence).toMatchObject({ status: 'inactive', isActive: false });
    expect(await findPresence(db.sql, 'hb', 'main', 'ada')).toMatchObject({ status: 'inactive', isActive: false });
  });

  it('replays byte-equal; the scope is per actor, so one key serves two actors', async () => {
    const key = crypto.randomUUID();
    const first = await executeHeartbeat(runtime, mutationRequest({ tenantId: 'hb', actorId: 'bob' }, key));
    const again = await executeHeartbeat(runtime, mutationRequest({ tenantId: 'hb', actorId: 'bob' }, key));
    expect(again).toMatchObject({ kind: 'replayed', body: first.body });
    const other = await executeHeartbeat(runtime, mutationRequest({ tenantId: 'hb', actorId: 'cy' }, key));
    expect(other.kind).toBe('executed');
    const conflict = await failureOf(executeHeartbeat(runtime, mutationRequest({ tenantId: 'hb', actorId: 'bob', status: 'busy' }, key)));
    expect(conflict.code).toBe('ERR_IDEMPOTENCY_KEY_CONFLICT');
    expect(conflict.details.scope).toBe('hb:main:bob:presence:heartbeat');
  });

  it('answers pre-check errors before the key and writes nothing', async () => {
    const before = (await eventsOf('hb')).length;
    const cases = [
      [{ tenantId: 'hb' }, 'ERR_MISSING_FIELD'],
      [{ tenantId: 'hb', actorId: 'ada', status: 'asleep' }, 'ERR_INVALID_ENUM'],
      [{ tenantId: 'hb', actorId: 'ada', roomId: ['x'] }, 'ERR_VALIDATION'],
      [{ tenantId: 'hb', actorId: 'ada', correlationId: 5 }, 'ERR_VALIDATION'],
      [{ tenantId: 'hb', actorId: 'ada' }, 'ERR_IDEMPOTENCY_KEY_REQUIRED'],
    ] as const;
    for (const [body, code] of cases) expect((await failureOf(executeHeartbeat(runtime, mutationRequest(body, null)))).code).toBe(code);
    expect(await eventsOf('hb')).toHaveLength(before);
  });
});

describe('GET /v1/presence', () => {
  it('one row (or null) for room+actor, else a filtered list newest-updated first', async () => {
    await heartbeat({ tenantId: 'pr', roomId: 'r1', actorId: 'ada' });
    await heartbeat({ tenantId: 'pr', roomId: 'r1', actorId: 'bob', status: 'inactive' });
    await heartbeat({ tenantId: 'pr', roomId: 'r2', actorId: 'ada' });
    expect(await readPresence(db.sql, readQueryValues({ tenantId: 'pr', roomId: 'r1', actorId: 'ada' }), 'default')).toMatchObject({
      presence: { actorId: 'ada', roomId: 'r1' },
    });
    expect(await readPresence(db.sql, readQueryValues({ tenantId: 'pr', roomId: 'r1', actorId: 'zed' }), 'default')).toEqual({ presence: null });
    const list = (await readPresence(db.sql, readQueryValues({ tenantId: 'pr' }), 'default')) as { presence: PresenceState[]; count: number };
    expect(list.presence.map((p) => `${p.roomId}/${p.actorId}`)).toEqual(['r2/ada', 'r1/bob', 'r1/ada']);
    expect(list.count).toBe(3);
    const active = (await readPresence(db.sql, readQueryValues({ tenantId: 'pr', roomId: 'r1', active: 'yes' }), 'default')) as { presence: PresenceState[] };
    expect(active.presence.map((p) => p.actorId)).toEqual(['ada']);
    const byActor = (await readPresence(db.sql, readQueryValues({ tenantId: 'pr', actorId: 'ada', limit: '1' }), 'default')) as { count: number };
    expect(byActor.count).toBe(1);
  });
});

describe('GET /v1/presence/last-seen', () => {
  it('folds the newest event per author, joins presence for a room, skips system unless asked', async () => {
    await db.sql`select cafe_append_events(${JSON.stringify([
      {
        eventId: crypto.randomUUID(),
        tenantId: 'ls',
        roomId: 'main',
        actorId: 'system',
        type: 'room_created',
        timestamp: new Date().toISOString(),
        payload: {},
        correlationId: 'seed',
        causationId: null,
      },
    ])}::text::jsonb)`;
    await heartbeat({ tenantId: 'ls', actorId: 'ada', status: 'busy' });
    await heartbeat({ tenantId: 'ls', actorId: 'bob' });
    await heartbeat({ tenantId: 'ls', roomId: 'elsewhere', actorId: 'cy' });
    await heartbeat({ tenantId: 'ls', actorId: 'ada', status: 'idle' });

    await waitUntilSettled(db.sql);
    const all = (await readLastSeen(db.sql, readQueryValues({ tenantId: 'ls' }), 'default')) as {
      actors: { actorId: string; lastEventType: string; status: string | null }[];
      count: number;
      roomId: string | null;
      scanLimitReached: boolean;
    };
    expect(all.roomId).toBeNull();
    expect(all.actors.map((row) => [row.actorId, row.lastEventType])).toEqual([
      ['ada', 'status_changed'],
      ['cy', 'presence_heartbeat'],
      ['bob', 'presence_heartbeat'],
    ]);
    expect(all.actors.every((row) => row.status === null)).toBe(true);
    expect(all.scanLimitReached).toBe(false);

    const room = (await readLastSeen(db.sql, readQueryValues({ tenantId: 'ls', roomId: 'main', includeSystemActors: 'true' }), 'default')) as {
      actors: { actorId: string; status: string | null; isActive: boolean | null; lastHeartbeatAt: string | null }[];
    };
    expect(room.actors.map((row) => [row.actorId, row.status])).toEqual([
      ['ada', 'idle'],
      ['bob', 'idle'],
      ['system', null],
    ]);
    expect(room.actors[0]!.isActive).toBe(true);

    const one = await readLastSeen(db.sql, readQueryValues({ tenantId: 'ls', actorId: 'bob' }), 'default');
    expect(one).toMatchObject({ actorId: 'bob', lastSeen: { actorId: 'bob', lastEventType: 'presence_heartbeat' } });
    expect(await readLastSeen(db.sql, readQueryValues({ tenantId: 'ls', actorId: 'nobody' }), 'default')).toEqual({ actorId: 'nobody', lastSeen: null });

    const capped = (await readLastSeen(db.sql, readQueryValues({ tenantId: 'ls', limit: '1', scanLimit: '2' }), 'default')) as {
      actors: unknown[];
      scanLimitReached: boolean;
    };
    expect(capped.actors).toHaveLength(1);
    expect(capped.scanLimitReached).toBe(true);
  });
});

describe('presence TTL sweeper', () => {
  const later = (ms: number) => new Date(Date.now() + ms);

  it('marks expired rows inactive with one status_changed each (system, fresh correlation), once', async () => {
    await heartbeat({ tenantId: 'sw', actorId: 'ada', status: 'busy', ttlMs: 1000 });
    await heartbeat({ tenantId: 'sw', actorId: 'bob', ttlMs: 600000 });
    const before = (await eventsOf('sw')).length;
    const result = await sweepExpiredPresence(db.sql, { now: later(5000) });
    expect(result.kind).toBe('swept');
    const events = (await eventsOf('sw')).slice(before);
    expect(events.map((e) => [e.type, e.actor_id])).toEqual([['status_changed', 'ada']]);
    expect(events[0]!.payload).toMatchObject({ fromStatus: 'busy', toStatus: 'inactive', reason: 'heartbeat_ttl_expired', source: 'system' });
    const heartbeatCorrelations = new Set((await eventsOf('sw')).slice(0, before).map((e) => e.correlation_id));
    expect(heartbeatCorrelations.has(events[0]!.correlation_id)).toBe(false);
    expect(await findPresence(db.sql, 'sw', 'main', 'ada')).toMatchObject({ status: 'inactive', isActive: false });
    expect(await findPresence(db.sql, 'sw', 'main', 'bob')).toMatchObject({ status: 'idle', isActive: true });

    await sweepExpiredPresence(db.sql, { now: later(6000) });
    expect((await eventsOf('sw')).length).toBe(before + 1);
  });

  it('concurrent sweeps emit each expiry exactly once', async () => {
    for (const actorId of ['a1', 'a2', 'a3', 'a4']) await heartbeat({ tenantId: 'sw2', actorId, ttlMs: 1000 });
    const now = later(5000);
    const results = await Promise.all([1, 2, 3].map(() => sweepExpiredPresence(db.sql, { now })));
    expect(results.some((result) => result.kind === 'swept')).toBe(true);
    const changes = (await eventsOf('sw2')).filter((e) => e.type === 'status_changed');
    expect(changes.map((e) => e.actor_id).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('skips an actor whose lock a request holds, and sweeps it on the next pass', async () => {
    await heartbeat({ tenantId: 'sw3', actorId: 'busy-one', ttlMs: 1000 });
    await heartbeat({ tenantId: 'sw3', actorId: 'free-one', ttlMs: 1000 });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.sql.begin(async (tx) => {
      await (tx as unknown as Sql)`select pg_advisory_xact_lock(hashtextextended(${locks.actor('sw3', 'main', 'busy-one')}, 0))`;
      locked();
      await released;
    });
    await isLocked;
    const now = later(5000);
    await sweepExpiredPresence(db.sql, { now });
    expect((await findPresence(db.sql, 'sw3', 'main', 'busy-one'))!.status).toBe('idle');
    expect((await findPresence(db.sql, 'sw3', 'main', 'free-one'))!.status).toBe('inactive');
    release();
    await holder;
    await sweepExpiredPresence(db.sql, { now });
    expect((await findPresence(db.sql, 'sw3', 'main', 'busy-one'))!.status).toBe('inactive');
  });

  it('steps aside while another instance holds the sweep lock', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.sql.begin(async (tx) => {
      await (tx as unknown as Sql)`select pg_advisory_xact_lock(hashtextextended('presence:sweep', 0))`;
      locked();
      await released;
    });
    await isLocked;
    expect(await sweepExpiredPresence(db.sql)).toEqual({ kind: 'busy' });
    release();
    await holder;
  });
});
