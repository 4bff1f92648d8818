import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';
import { waitUntilSettled } from './helpers/runtime-for-tests';

/** Private tables against two built API instances sharing one database. */

let db: TestDatabase;
let apps: RunningApp[] = [];
let first: ApiClient;
let second: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  const env = { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', TABLE_SESSION_SWEEP_MS: '1000', ...RELAXED_MODERATION_ENV };
  apps = await Promise.all([startBuiltApp('api', env), startBuiltApp('api', env)]);
  first = createApiClient(apps[0]!.baseUrl);
  second = createApiClient(apps[1]!.baseUrl);
}, 90_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await db?.drop();
});

describe('private tables over HTTP, two API instances', () => {
  it('reports the privateTables block in /healthz', async () => {
    const health = await first.get('/healthz');
    expect(health.body.privateTables).toMatchObject({
      paymentMode: 'stub',
      priceUsd: 3.5,
      defaultSessionMinutes: 90,
      webhookConfigured: false,
      sessionSweepMs: 1000,
      defaultPlanId: 'cappuccino',
    });
    expect(health.body.privateTables.plans.map((plan: { planId: string }) => plan.planId)).toEqual(['espresso', 'cappuccino', 'americano', 'decaf_night_shift']);
    expect(health.body.storage.tableSessions).toBe('postgres');
  });

  it('answers the gate with the contract status codes', async () => {
    const created = await first.post('/v1/table-sessions', { roomId: 'http-table', actorId: 'alice', planId: 'espresso', invitedActorIds: ['bob'], paymentProof: 'coffee_paid' });
    expect(created.status).toBe(201);
    const sessionId = created.body.data.session.sessionId;
    expect((await second.post('/v1/commands/enter', { roomId: 'http-table', actorId: 'bob' })).status).toBe(202);
    const refused = await second.post('/v1/commands/say', { roomId: 'http-table', actorId: 'carol', text: 'hi' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ERR_FORBIDDEN']);
    const replay = await first.get('/v1/replay?roomId=http-table&actorId=bob');
    expect([replay.status, replay.body.error.code]).toEqual([403, 'ERR_PLAN_FEATURE_DISABLED']);
    const patched = await first.request('PATCH', `/v1/table-sessions/${sessionId}`, { body: { actorId: 'alice', status: 'ended' } });
    expect(patched.status).toBe(200);
    const closed = await second.post('/v1/commands/say', { roomId: 'http-table', actorId: 'bob', text: 'hi' });
    expect([closed.status, closed.body.error.code]).toEqual([402, 'ERR_PAYMENT_REQUIRED']);
    const one = await second.get(`/v1/table-sessions/${sessionId}`);
    expect(one.body.data.session).toMatchObject({ status: 'ended' });
    expect((await second.get('/v1/table-sessions/not-a-session')).status).toBe(404);
  });

  it('20 concurrent enters over HTTP, split across both instances (grouped commits), seat exactly the plan\'s 4', async () => {
    const actors = Array.from({ length: 20 }, (_, index) => `guest-${index}`);
    await first.post('/v1/table-sessions', { roomId: 'crowded', actorId: 'alice', planId: 'cappuccino', invitedActorIds: actors, paymentProof: 'coffee_paid' });
    const answers = await Promise.all(actors.map((actorId, index) => (index % 2 === 0 ? first : second).post('/v1/commands/enter', { roomId: 'crowded', actorId })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(4);
    expect(statuses.filter((status) => status === 400)).toHaveLength(16);
    expect(new Set(answers.filter((answer) => answer.status === 400).map((answer) => answer.body.error.code))).toEqual(new Set(['ERR_OUT_OF_BOUNDS']));
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from presence_states where room_id = 'crowded' and is_active`;
    expect(row!.n).toBe(4);
  });

  it('a session expiring while two instances sweep is ended once: one table_session_ended', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const created = await first.post('/v1/table-sessions', { roomId: 'expiring', actorId: 'alice', planId: 'espresso', paymentProof: 'coffee_paid', expiresAt });
    const sessionId = created.body.data.session.sessionId;
    const deadline = Date.now() + 15_000;
    let status = 'active';
    while (status === 'active' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await second.get(`/v1/table-sessions/${sessionId}`)).body.data.session.status;
    }
    expect(status).toBe('ended');
    // Let both sweepers run a few more times.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await waitUntilSettled(db.sql);
    const events = await db.sql<{ type: string; actor_id: string; payload: Record<string, unknown> }[]>`
      select type, actor_id, payload from events where room_id = 'expiring' order by sequence`;
    expect(events.map((event) => event.type)).toEqual(['table_session_created', 'table_session_updated', 'table_session_ended']);
    expect(events[2]).toMatchObject({ actor_id: 'alice', payload: { sessionId, reason: 'expired' } });
  });

  it('a bad plan catalogue stops the service with one line naming it', async () => {
    const failed = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', TABLE_PLAN_CATALOG_JSON: '{"solo": 3}' }).then(
      async (app) => {
        await app.stop();
        return null;
      },
      (error: Error) => error.message,
    );
    expect(failed).toMatch(/exited with 1 before listening/);
    expect(failed).toContain("Invalid environment: TABLE_PLAN_CATALOG_JSON plan 'solo' must be an object");
  });
});
