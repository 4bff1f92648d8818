import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { getBootstrapContext, readBootstrap, type BootstrapContext } from '../src/bootstrap/read-bootstrap';
import { executeCommand } from './helpers/commands-for-tests';
import type { CommandAction } from '../src/commands/parse-command';
import { executeHeartbeat } from './helpers/commands-for-tests';
import { readQueryValues } from '../src/request/query';
import { upsertRoom } from './helpers/commands-for-tests';
import type { ApiRuntime } from '../src/runtime';
import { createRuntimeForTests, mutationRequest, waitUntilSettled } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;
let context: BootstrapContext;

const command = (action: CommandAction, body: Record<string, unknown>) =>
  executeCommand(runtime, { action, route: `/v1/commands/${action}`, ...mutationRequest(body) });

type Body = Awaited<ReturnType<typeof readBootstrap>>;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db, { MOD_MIN_ACTION_INTERVAL_MS: '0', MOD_MAX_ACTIONS_PER_WINDOW: '1000' });
  context = getBootstrapContext(runtime);
});
afterAll(async () => {
  await db?.drop();
});

const roomCreations = async (tenantId: string) =>
  Number((await db.sql`select count(*)::int as n from events where tenant_id = ${tenantId} and type = 'room_created'`)[0]!.n);

describe('GET /v1/bootstrap', () => {
  it('seeds the lobby of the configured default tenant when it has no rooms, once', async () => {
    const first: Body = await readBootstrap(context, readQueryValues({}));
    expect(first.discovery).toMatchObject({ defaultTenantId: 'default', defaultRoomId: 'main', resolvedRoomId: 'main', canonicalApiVersion: 'v1' });
    expect(first.discovery.rooms).toEqual([expect.objectContaining({ tenantId: 'default', roomId: 'main', displayName: 'Main Cafe Lobby', roomType: 'lobby' })]);
    expect(first.actor).toBeNull();
    expect(first.room).toEqual({ roomId: 'main', presence: [], openOrActiveTasks: [] });
    await readBootstrap(context, readQueryValues({ tenantId: 'default' }));
    expect(await roomCreations('default')).toBe(1);
  });

  it('writes nothing for a tenant or room a caller invents: reads must not write', async () => {
    const counts = async () => (await db.sql`select (select count(*) from events)::int as events, (select count(*) from rooms)::int as rooms`)[0];
    const before = await counts();
    const body: Body = await readBootstrap(context, readQueryValues({ tenantId: 'invented', roomId: 'nowhere', actorId: 'ada' }));
    expect(body.discovery.rooms).toEqual([]);
    expect(body.discovery.resolvedRoomId).toBe('nowhere');
    expect(body.room).toEqual({ roomId: 'nowhere', presence: [], openOrActiveTasks: [] });
    expect(await counts()).toEqual(before);
    expect(await roomCreations('invented')).toBe(0);
  });

  it('resolves the requested room when listed, else the newest-updated one; honours roomLimit', async () => {
    await upsertRoom(runtime, mutationRequest({ tenantId: 't2', roomId: 'alpha', actorId: 'ada' }));
    await upsertRoom(runtime, mutationRequest({ tenantId: 't2', roomId: 'beta', actorId: 'ada' }));
    const listed: Body = await readBootstrap(context, readQueryValues({ tenantId: 't2', roomId: 'alpha' }));
    expect(listed.discovery.resolvedRoomId).toBe('alpha');
    expect(listed.discovery.rooms.map((room) => room.roomId)).toEqual(['beta', 'alpha']);
    const unlisted: Body = await readBootstrap(context, readQueryValues({ tenantId: 't2', roomId: 'gamma', roomLimit: '1' }));
    expect(unlisted.discovery.resolvedRoomId).toBe('beta');
    expect(unlisted.discovery.rooms).toHaveLength(1);
    expect(unlisted.discovery.streamPath).toBe('/v1/streams/market-events?tenantId=t2&roomId=beta');
    expect(unlisted.discovery.pollPath).toMatch(/^\/v1\/events\/poll\?tenantId=t2&roomId=beta&cursor=\d+$/);
    expect(await roomCreations('t2')).toBe(2);
  });

  it('gives an actor its presence, unread inbox (newest first) and the thread to answer', async () => {
    await upsertRoom(runtime, mutationRequest({ tenantId: 't3', roomId: 'main', actorId: 'ada' }));
    await command('enter', { tenantId: 't3', actorId: 'ada' });
    await command('enter', { tenantId: 't3', actorId: 'bob' });
    await executeHeartbeat(runtime, mutationRequest({ tenantId: 't3', actorId: 'cy', status: 'inactive' }));
    await command('say', { tenantId: 't3', actorId: 'bob', text: 'first @ada', threadId: 'th-old' });
    await command('say', { tenantId: 't3', actorId: 'bob', text: 'second @ada', threadId: 'th-new' });
    // bob's suggested thread comes from his latest message in the event log.
    await waitUntilSettled(db.sql);

    const body: Body = await readBootstrap(context, readQueryValues({ tenantId: 't3', actorId: 'ada' }));
    expect(body.actor).toMatchObject({ actorId: 'ada', unreadCount: 2, suggestedThreadId: 'th-new', presence: { actorId: 'ada', status: 'idle' }, assignedTasks: [] });
    expect(body.actor!.inbox.map((item) => item.threadId)).toEqual(['th-new', 'th-old']);
    expect(body.actor!.inbox[0]).toMatchObject({ topic: 'mention', actorId: 'ada', sourceActorId: 'bob', ackedAt: null });
    expect(body.room.presence.map((p) => p.actorId).sort()).toEqual(['ada', 'bob']);
    expect(body.discovery.pollPath).toMatch(/&actorId=ada&cursor=\d+$/);

    const bob: Body = await readBootstrap(context, readQueryValues({ tenantId: 't3', actorId: 'bob' }));
    expect(bob.actor).toMatchObject({ unreadCount: 0, inbox: [], suggestedThreadId: 'th-new' });
    const stranger: Body = await readBootstrap(context, readQueryValues({ tenantId: 't3', actorId: 'zed' }));
    expect(stranger.actor).toEqual({ actorId: 'zed', unreadCount: 0, suggestedThreadId: null, presence: null, inbox: [], assignedTasks: [] });
  });

  it('adds the literal API key placeholder when auth is on', async () => {
    const authed = getBootstrapContext(createRuntimeForTests(db, { API_AUTH_TOKEN: 'secret-token' }));
    const body: Body = await readBootstrap(authed, readQueryValues({ tenantId: 'fresh' }));
    expect(body.discovery.streamPath).toBe('/v1/streams/market-events?tenantId=fresh&roomId=main&apiKey=<API_KEY>');
    expect(JSON.stringify(body)).not.toContain('secret-token');
  });
});
