import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, getTestRedisUrl, isRedisReachable, startBuiltApp, uniqueRedisPrefix, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient } from './helpers/api-client';

/*
 * Every threshold is set through the MOD_* variables and chosen so that no assertion depends on
 * timing: windows and cooldowns of ten minutes cannot run out during a test, and the interval
 * rule gets an app of its own with a ten-minute minimum interval.
 */
const TEN_MINUTES = '600000';
const redisUrl = getTestRedisUrl();
const redisUp = await isRedisReachable(redisUrl);
if (!redisUp) console.warn(`[moderation.e2e] Redis not reachable at ${redisUrl ?? '(unset)'}: the interval suite runs with process-memory windows`);

let db: TestDatabase;
const apps: RunningApp[] = [];
/** Rate and repeat rules: window 10 min, 4 actions, 2 repeats, no interval, cooldown 10 min. */
let api: ApiClient;
/** Interval rule: 10 min minimum interval; windows in Redis when it is reachable. */
let spaced: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  const common = { DATABASE_URL: db.url, API_RATE_LIMIT_PER_MIN: '100000', MOD_WINDOW_MS: TEN_MINUTES };
  const [a, b] = await Promise.all([
    startBuiltApp('api', {
      ...common,
      REDIS_URL: '',
      MOD_MAX_ACTIONS_PER_WINDOW: '4',
      MOD_MAX_REPEATED_TEXT_PER_WINDOW: '2',
      MOD_MIN_ACTION_INTERVAL_MS: '0',
      MOD_COOLDOWN_MS: TEN_MINUTES,
    }),
    startBuiltApp('api', {
      ...common,
      REDIS_URL: redisUp ? redisUrl! : '',
      MOD_REDIS_PREFIX: uniqueRedisPrefix('mod-e2e'),
      MOD_MAX_ACTIONS_PER_WINDOW: '1000',
      MOD_MIN_ACTION_INTERVAL_MS: TEN_MINUTES,
      MOD_COOLDOWN_MS: '0',
    }),
  ]);
  apps.push(a!, b!);
  api = createApiClient(a!.baseUrl);
  spaced = createApiClient(b!.baseUrl);
}, 60_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await db?.drop();
});

const countEvents = async () => Number((await db.sql`select count(*)::int as n from events`)[0]!.n);
const codeOf = (res: { status: number; body: any }) => (res.status === 429 ? res.body.error.details.reasonCode : res.status);

describe('MOD_RATE_LIMIT and MOD_COOLDOWN over HTTP', () => {
  it('the action after MOD_MAX_ACTIONS_PER_WINDOW is blocked with 429 and the rule details, then the cooldown answers', async () => {
    const results = [];
    results.push(await api.post('/v1/commands/enter', { actorId: 'rate' }));
    results.push(await api.post('/v1/commands/move', { actorId: 'rate', direction: 'N' }));
    results.push(await api.post('/v1/commands/order', { actorId: 'rate', itemId: 'latte' }));
    results.push(await api.post('/v1/intents/execute', { actorId: 'rate', intent: 'navigate_to', payload: { x: 4, y: 4 } }));
    const events = await countEvents();
    const blocked = await api.post('/v1/commands/move', { actorId: 'rate', direction: 'S' });
    results.push(blocked);
    expect(results.map(codeOf)).toEqual([202, 202, 202, 202, 'MOD_RATE_LIMIT']);
    expect(blocked.body.error).toMatchObject({
      code: 'ERR_MODERATION_BLOCKED',
      message: 'Moderation policy blocked action',
      details: {
        tenantId: 'default',
        roomId: 'main',
        actorId: 'rate',
        action: 'move',
        source: 'api',
        reasonCode: 'MOD_RATE_LIMIT',
        windowMs: 600000,
        maxActionsPerWindow: 4,
        cooldownMs: 600000,
      },
    });
    expect(blocked.body.error.details.correlationId).toBe(blocked.headers.get('x-correlation-id'));
    expect(await countEvents()).toBe(events);

    const cooling = await api.post('/v1/commands/say', { actorId: 'rate', text: 'sorry' });
    expect(cooling.status).toBe(429);
    expect(cooling.body.error.details).toMatchObject({ reasonCode: 'MOD_COOLDOWN', action: 'say' });
    expect(cooling.body.error.details.retryAfterMs).toBeGreaterThan(0);
    expect(cooling.body.error.details.retryAfterMs).toBeLessThanOrEqual(600000);

    const trace = await api.get(`/v1/traces/${blocked.body.error.details.correlationId}`);
    expect(trace.body.data.trace.status).toBe('error');
    expect(trace.body.data.trace.steps.map((s: { code: string }) => s.code)).toContain('RC_MODERATION_BLOCKED');
  });

  it('limits are per actor and per room', async () => {
    expect((await api.post('/v1/commands/move', { actorId: 'rate', roomId: 'other', direction: 'S' })).status).toBe(202);
    expect((await api.post('/v1/commands/move', { actorId: 'someone-else', direction: 'S' })).status).toBe(202);
  });

  it('intents are moderated as intent:<name>', async () => {
    for (let i = 0; i < 4; i += 1) await api.post('/v1/intents/execute', { actorId: 'planner', intent: 'sit_at_table', payload: { tableId: 'table_3' } });
    const res = await api.post('/v1/intents/execute', { actorId: 'planner', intent: 'sit_at_table', payload: { tableId: 'table_4' } });
    expect(res.status).toBe(429);
    expect(res.body.error.details).toMatchObject({ reasonCode: 'MOD_RATE_LIMIT', action: 'intent:sit_at_table' });
  });

  it('a blocked request stores no idempotency record: the same key is evaluated again, not replayed', async () => {
    const key = randomUUID();
    const first = await api.post('/v1/commands/move', { actorId: 'rate', direction: 'E' }, key);
    const second = await api.post('/v1/commands/move', { actorId: 'rate', direction: 'E' }, key);
    expect([first.status, second.status]).toEqual([429, 429]);
    expect(second.headers.get('x-idempotent-replay')).toBeNull();
  });
});

describe('MOD_REPEAT_TEXT over HTTP (the Decision: say, conversation messages and reactions share one history)', () => {
  it('blocks the third identical text even when it arrives through another speaking route', async () => {
    const first = await api.post('/v1/commands/say', { actorId: 'echo', text: 'Buy  now' });
    const second = await api.post('/v1/conversations/messages', { actorId: 'echo', text: ' buy NOW ' });
    const third = await api.post('/v1/commands/say', { actorId: 'echo', text: 'BUY NOW' });
    expect([first, second, third].map(codeOf)).toEqual([202, 202, 'MOD_REPEAT_TEXT']);
    expect(third.body.error.details).toMatchObject({ action: 'say', source: 'api', windowMs: 600000, maxRepeatedTextPerWindow: 2 });
    // The repeat started a cooldown for the actor.
    expect(codeOf(await api.post('/v1/commands/move', { actorId: 'echo', direction: 'W' }))).toBe('MOD_COOLDOWN');
  });

  it('reports the real action name for conversation messages', async () => {
    await api.post('/v1/conversations/messages', { actorId: 'echo2', text: 'same' });
    await api.post('/v1/commands/say', { actorId: 'echo2', text: 'same' });
    const res = await api.post('/v1/conversations/messages', { actorId: 'echo2', text: 'same' });
    expect(res.body.error.details).toMatchObject({ reasonCode: 'MOD_REPEAT_TEXT', action: 'conversation_message' });
  });

  it('different texts are not repeats', async () => {
    const results = [];
    for (const text of ['one', 'two', 'three']) results.push(await api.post('/v1/commands/say', { actorId: 'varied', text }));
    expect(results.map(codeOf)).toEqual([202, 202, 202]);
  });
});

describe('MOD_MIN_INTERVAL over HTTP', () => {
  it('blocks a second action inside MOD_MIN_ACTION_INTERVAL_MS; the first one passed and was recorded', async () => {
    const first = await spaced.post('/v1/commands/enter', { actorId: 'hasty' });
    const second = await spaced.post('/v1/commands/move', { actorId: 'hasty', direction: 'N' });
    expect([first, second].map(codeOf)).toEqual([202, 'MOD_MIN_INTERVAL']);
    expect(second.body.error.details).toMatchObject({ action: 'move', source: 'api', minIntervalMs: 600000 });
    expect((await spaced.post('/v1/commands/enter', { actorId: 'patient' })).status).toBe(202);
  });
});
