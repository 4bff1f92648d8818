import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, getTestRedisUrl, isRedisReachable, startBuiltApp, uniqueRedisPrefix, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient } from './helpers/api-client';

// The task, object, pin and score routes over HTTP: the envelope, status codes and headers a
// client sees, and that the mounted command routes and the file routes do not shadow each other.

let db: TestDatabase;
let app: RunningApp;
let api: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', MOD_MIN_ACTION_INTERVAL_MS: '0' });
  api = createApiClient(app.baseUrl);
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const patch = (path: string, body: unknown, key?: string | null) => api.request('PATCH', path, { body, key });

describe('tasks over HTTP', () => {
  it('create, replay, patch and read back, with correlation and replay headers', async () => {
    const created = await api.post('/v1/tasks', { actorId: 'ada', title: 'Parse', correlationId: 'corr-task-1' }, 'task-key-1');
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe('corr-task-1');
    const taskId = created.body.data.task.taskId as string;
    const replayed = await api.post('/v1/tasks', { actorId: 'ada', title: 'Parse', correlationId: 'corr-task-1' }, 'task-key-1');
    expect(replayed.headers.get('x-idempotent-replay')).toBe('true');
    expect(replayed.text).toBe(created.text);

    const patched = await patch(`/v1/tasks/${taskId}`, { actorId: 'bob', progress: 30 });
    expect(patched.status).toBe(200);
    expect(patched.body.data.emittedEvents.map((e: { eventType: string }) => e.eventType)).toEqual(['task_updated', 'task_progress_updated']);
    expect((await api.get(`/v1/tasks/${taskId}`)).body.data.task.progress).toBe(30);
    expect((await api.get('/v1/tasks?state=open')).body.data).toMatchObject({ count: 1, tasks: [{ taskId }] });
  });

  it('answers every failure with the envelope and the catalogue status', async () => {
    const task = (await api.post('/v1/tasks', { actorId: 'ada', title: 'Guarded', assigneeActorId: 'bob' })).body.data.task;
    const cases: [Promise<{ status: number; body: any }>, number, string][] = [
      [api.get('/v1/tasks/not-a-uuid'), 404, 'ERR_NOT_FOUND'],
      [api.get('/v1/tasks/00000000-0000-4000-8000-000000000000/handoffs'), 404, 'ERR_NOT_FOUND'],
      [patch('/v1/tasks/not-a-uuid', { actorId: 'ada', title: 'x' }, null), 404, 'ERR_NOT_FOUND'],
      [patch(`/v1/tasks/${task.taskId}`, { actorId: 'ada', title: 'x' }, null), 400, 'ERR_IDEMPOTENCY_KEY_REQUIRED'],
      [patch(`/v1/tasks/${task.taskId}`, { actorId: 'ada' }), 400, 'ERR_VALIDATION'],
      [api.post('/v1/tasks', { actorId: 'ada', title: 't', progress: 101 }), 400, 'ERR_OUT_OF_BOUNDS'],
      [api.get('/v1/tasks?state=later'), 400, 'ERR_INVALID_ENUM'],
      [api.post(`/v1/tasks/${task.taskId}/handoffs`, { actorId: 'eve', action: 'accept' }), 403, 'ERR_FORBIDDEN'],
      [api.post(`/v1/tasks/${task.taskId}/handoffs`, { actorId: 'bob', action: 'pass' }), 400, 'ERR_INVALID_ENUM'],
      [api.get('/v1/objects/not-a-uuid'), 404, 'ERR_NOT_FOUND'],
      [api.get('/v1/objects?objectType=poster'), 400, 'ERR_INVALID_ENUM'],
      [api.post('/v1/rooms/context/pin', { actorId: 'ada', content: 'x' }), 403, 'ERR_FORBIDDEN'],
      [api.get('/v1/collaboration/score?fromTs=soon'), 400, 'ERR_VALIDATION'],
      [api.request('POST', '/v1/tasks', { rawBody: '{"actorId":' }), 400, 'ERR_VALIDATION'],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
      expect(response.body.ok).toBe(false);
    }
    await api.post(`/v1/tasks/${task.taskId}/handoffs`, { actorId: 'bob', action: 'done' });
    const conflict = await api.post(`/v1/tasks/${task.taskId}/handoffs`, { actorId: 'bob', action: 'accept' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: 'ERR_CONFLICT', message: 'Cannot handoff a completed task', details: { taskId: task.taskId, state: 'done' } });
  });

  it('pinned context and history are their own routes, not a room id', async () => {
    expect((await api.get('/v1/rooms/context/pin')).body.data).toEqual({ tenantId: 'default', roomId: 'main', pinnedContext: null, isPinned: false });
    expect((await api.get('/v1/rooms/context/history?limit=5')).body.data).toEqual({ tenantId: 'default', roomId: 'main', history: [], count: 0 });
  });
});

const redisUrl = getTestRedisUrl();
const redisUp = await isRedisReachable(redisUrl);
if (!redisUp) console.warn(`[api] task inbox counters on Redis skipped: no Redis at ${redisUrl ?? '(REDIS_URL unset)'}`);

describe.skipIf(!redisUp)('task inbox items and the Redis unread counters', () => {
  let withRedis: RunningApp;
  let client: ApiClient;

  beforeAll(async () => {
    withRedis = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: redisUrl!, INBOX_REDIS_PREFIX: uniqueRedisPrefix('tasks-inbox'), API_RATE_LIMIT_PER_MIN: '100000' });
    client = createApiClient(withRedis.baseUrl);
  }, 60_000);

  afterAll(async () => {
    await withRedis?.stop();
  });

  it('an assignment and a handoff each count once for bob, and an ack takes one off', async () => {
    const task = (await client.post('/v1/tasks', { roomId: 'counted', actorId: 'ada', title: 'Count me' })).body.data.task;
    await client.post(`/v1/tasks/${task.taskId}/handoffs`, { actorId: 'ada', action: 'assign', toAssigneeActorId: 'bob' });
    const unread = async () => (await client.get('/v1/inbox?roomId=counted&actorId=bob&unreadOnly=true')).body.data;
    let inbox = await unread();
    for (let i = 0; i < 50 && inbox.projectedUnreadCount !== 2; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      inbox = await unread();
    }
    expect(inbox).toMatchObject({ unreadCount: 2, projectedUnreadCount: 2 });
    expect(inbox.items.map((item: { topic: string }) => item.topic).sort()).toEqual(['handoff', 'task']);
    const ack = await client.post(`/v1/inbox/${inbox.items[0].inboxId}/ack`, { actorId: 'bob' });
    expect(ack.status).toBe(200);
    expect(await unread()).toMatchObject({ unreadCount: 1, projectedUnreadCount: 1 });
  });
});
