import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';

/** Presence (heartbeat, reads, the sweeper plugin), snapshots and local memory against the built API. */

let db: TestDatabase;
let app: RunningApp;
let api: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', PRESENCE_SWEEP_MS: '500', ...RELAXED_MODERATION_ENV });
  api = createApiClient(app.baseUrl);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, attempts = 200): Promise<T> {
  let value = await read();
  for (let i = 0; i < attempts && !done(value); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

describe('presence over HTTP', () => {
  it('heartbeat answers 202 with presence and events; reads see it', async () => {
    const res = await api.post('/v1/presence/heartbeat', { actorId: 'ada', status: 'busy', ttlMs: 600000 });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-correlation-id')).toBe(res.body.data.correlationId);
    expect(res.body.data.presence).toMatchObject({ actorId: 'ada', status: 'busy', isActive: true, ttlMs: 600000 });
    expect(res.body.data.emittedEvents.map((e: { eventType: string }) => e.eventType)).toEqual(['presence_heartbeat']);
    const one = await api.get('/v1/presence?roomId=main&actorId=ada');
    expect(one.body.data.presence).toMatchObject({ status: 'busy' });
    expect(one.headers.get('x-ratelimit-limit')).toBe('100000');
    const list = await api.get('/v1/presence?active=true');
    expect(list.body.data.count).toBeGreaterThanOrEqual(1);
    const seen = await api.get('/v1/presence/last-seen?roomId=main');
    expect(seen.body.data).toMatchObject({ tenantId: 'default', roomId: 'main', scanLimitReached: false });
    expect(seen.body.data.actors).toEqual(expect.arrayContaining([expect.objectContaining({ actorId: 'ada', status: 'busy', isActive: true })]));
    const bad = await api.post('/v1/presence/heartbeat', { actorId: 'ada', status: 'napping' });
    expect([bad.status, bad.body.error.code, bad.body.error.details.allowed]).toEqual([400, 'ERR_INVALID_ENUM', ['thinking', 'idle', 'busy', 'inactive']]);
  });

  it('the sweeper plugin expires a short heartbeat into inactive with a system status_changed', async () => {
    await api.post('/v1/presence/heartbeat', { actorId: 'brief', status: 'thinking', ttlMs: 1000 });
    const swept = await eventually(
      () => api.get('/v1/presence?roomId=main&actorId=brief'),
      (r) => r.body.data.presence?.status === 'inactive',
    );
    expect(swept.body.data.presence).toMatchObject({ status: 'inactive', isActive: false });
    const [change] = await db.sql`select actor_id, payload from events where type = 'status_changed' and actor_id = 'brief'`;
    expect(change!.payload).toMatchObject({ fromStatus: 'thinking', toStatus: 'inactive', reason: 'heartbeat_ttl_expired', source: 'system' });
  });
});

describe('snapshots over HTTP', () => {
  it('creates and reads room and agent snapshots; unknown kinds are unsupported', async () => {
    const room = await api.post('/v1/snapshots/room', { state: { lights: 'on' } });
    expect(room.status).toBe(201);
    expect(room.body.data.snapshot).toMatchObject({ scope: 'room', version: 1, actorId: null });
    const agent = await api.post('/v1/snapshots/agent', { actorId: 'ada', state: { n: 1 }, ttlSeconds: -1 });
    expect(agent.body.data.snapshot).toMatchObject({ scope: 'agent', actorId: 'ada', expiresAt: null });
    expect((await api.get('/v1/snapshots/room')).body.data.snapshot.state).toEqual({ lights: 'on' });
    expect((await api.get('/v1/snapshots/agent?actorId=ada&version=1')).body.data.snapshot.state).toEqual({ n: 1 });
    expect((await api.get('/v1/snapshots/agent')).body.error.code).toBe('ERR_MISSING_FIELD');
    expect((await api.get('/v1/snapshots/room?version=7')).status).toBe(404);
    const unsupported = await api.post('/v1/snapshots/planet', {});
    expect([unsupported.status, unsupported.body.error.code]).toEqual([404, 'ERR_UNSUPPORTED_ACTION']);
  });
});

describe('local memory over HTTP', () => {
  it('summarises the room’s newest memory-worthy events', async () => {
    await api.post('/v1/commands/enter', { actorId: 'mem' });
    await api.post('/v1/commands/order', { actorId: 'mem', itemId: 'mocha' });
    const res = await api.get('/v1/memory/local?actorId=mem');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ tenantId: 'default', roomId: 'main', actorId: 'mem', count: 2 });
    expect(res.body.data.memory.map((m: { type: string }) => m.type)).toEqual(['order_changed', 'agent_entered']);
    expect(res.body.data.memory[0]).toMatchObject({ itemId: 'mocha', size: 'regular' });
  });
});
