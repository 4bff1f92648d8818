import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import type { CommandAction } from '../src/commands/parse-command';
import { readReplay } from '../src/replay/read-replay';
import { readQueryValues } from '../src/request/query';
import type { ApiRuntime } from '../src/runtime';
import { readTableSessions, requireTableSession } from '../src/tables/read-table-sessions';
import { sweepExpiredTableSessions } from '../src/tables/sweep-table-sessions';
import type { TableSession } from '../src/tables/table-session';
import {
  createObject,
  createReactionSubscription,
  createTableSession,
  createTask,
  createWebhookSubscription,
  deleteReactionSubscription,
  deleteWebhookSubscription,
  executeCommand,
  executeIntent,
  handoffTask,
  patchObject,
  patchReactionSubscription,
  patchTableSession,
  patchTask,
  patchWebhookSubscription,
  upsertPermission,
  upsertRoom,
} from './helpers/commands-for-tests';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';
import { bodyOf, createRuntimeForTests, failureOf, mutationRequest, waitUntilSettled } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db, RELAXED_MODERATION_ENV);
});
afterAll(async () => {
  await db?.drop();
});

const PAID = { paymentProof: 'coffee_paid' };
type CreateData = { room: { roomType: string; ownerActorId: string }; session: TableSession; emittedEvents: { eventType: string }[] };

async function openTable(roomId: string, body: Record<string, unknown> = {}) {
  const result = await createTableSession(runtime, mutationRequest({ roomId, actorId: 'alice', planId: 'espresso', invitedActorIds: ['bob'], ...PAID, ...body }));
  return bodyOf<CreateData>(result).data.session;
}

async function eventsOf(roomId: string) {
  await waitUntilSettled(db.sql);
  return db.sql<{ type: string; actor_id: string; payload: Record<string, unknown>; causation_id: string | null }[]>`
    select type, actor_id, payload, causation_id from events where tenant_id = 'default' and room_id = ${roomId} order by sequence`;
}

const COMMAND_BODIES: Record<Exclude<CommandAction, 'leave'>, Record<string, unknown>> = {
  enter: {},
  move: { direction: 'N' },
  say: { text: 'hello' },
  order: { itemId: 'latte' },
  conversation_message: { text: 'hello' },
};

/** One request of each gated write family into `roomId` as `actorId`. */
const FAMILIES: [string, (roomId: string, actorId: string) => Promise<unknown>][] = [
  ...(Object.entries(COMMAND_BODIES) as [Exclude<CommandAction, 'leave'>, Record<string, unknown>][]).map(
    ([action, body]) => [action, (roomId: string, actorId: string) => executeCommand(runtime, { action, ...mutationRequest({ roomId, actorId, ...body }) })] as [string, (roomId: string, actorId: string) => Promise<unknown>],
  ),
  ['intent', (roomId, actorId) => executeIntent(runtime, mutationRequest({ roomId, actorId, intent: 'navigate_to', payload: { x: 3, y: 3 } }))],
  ['replay', (roomId, actorId) => readReplay(db.sql, readQueryValues({ roomId, actorId }), { tenantId: 'default', roomId: 'main' }, runtime.env)],
];

describe('POST /v1/table-sessions and PATCH /v1/table-sessions/{id}', () => {
  it('creates a paid session, makes the room a private table, announces table_session_created', async () => {
    const result = await createTableSession(runtime, mutationRequest({ roomId: 'create-1', actorId: 'alice', planId: 'Espresso', invitedActorIds: ['bob'], ...PAID }));
    expect(result.status).toBe(201);
    const data = bodyOf<CreateData>(result).data;
    expect(data.room).toMatchObject({ roomType: 'private_table', ownerActorId: 'alice' });
    expect(data.session).toMatchObject({ roomId: 'create-1', planId: 'espresso', invitedActorIds: ['bob'], status: 'active', paymentProvider: 'stub', paymentAmountUsd: 3 });
    expect(Date.parse(data.session.expiresAt) - Date.parse(data.session.startedAt)).toBe(30 * 60_000);
    expect((await eventsOf('create-1')).map((event) => event.type)).toEqual(['table_session_created']);
    expect(await requireTableSession(db.sql, 'default', data.session.sessionId)).toEqual(data.session);
    const listed = await readTableSessions(db.sql, readQueryValues({ roomId: 'create-1', status: 'ACTIVE' }), 'default');
    expect(listed).toEqual({ sessions: [data.session], count: 1 });
    expect((await failureOf(readTableSessions(db.sql, readQueryValues({ status: 'open' }), 'default'))).code).toBe('ERR_INVALID_ENUM');
    expect((await failureOf(requireTableSession(db.sql, 'default', 'nope'))).code).toBe('ERR_NOT_FOUND');
  });

  it('replays a retry without a roomId: one session, the room of the first call', async () => {
    const request = mutationRequest({ actorId: 'alice', planId: 'espresso', ...PAID });
    const first = await createTableSession(runtime, request);
    const again = await createTableSession(runtime, request);
    expect(again).toMatchObject({ kind: 'replayed', body: first.body });
    const roomId = bodyOf<CreateData>(first).data.session.roomId;
    expect(roomId).toMatch(/^private-/);
    expect((await readTableSessions(db.sql, readQueryValues({ roomId }), 'default')).count).toBe(1);
  });

  it('refuses a session in a lobby, and one that is not paid, without writing', async () => {
    await upsertRoom(runtime, mutationRequest({ roomId: 'plain-lobby', actorId: 'alice' }));
    const lobby = await failureOf(createTableSession(runtime, mutationRequest({ roomId: 'plain-lobby', actorId: 'alice', planId: 'espresso', ...PAID })));
    expect([lobby.code, lobby.message]).toEqual(['ERR_VALIDATION', 'table sessions must target a private_table room']);
    const unpaid = await failureOf(createTableSession(runtime, mutationRequest({ roomId: 'unpaid', actorId: 'alice', planId: 'espresso', paymentProof: 'tea' })));
    expect([unpaid.code, unpaid.status]).toEqual(['ERR_PAYMENT_REQUIRED', 402]);
    expect(await eventsOf('unpaid')).toHaveLength(0);
  });

  it('invites, extends, ends (updated + ended), re-opens; only members may patch', async () => {
    const session = await openTable('patch-1');
    const invite = await patchTableSession(runtime, { sessionId: session.sessionId, ...mutationRequest({ actorId: 'bob', invitedActorIds: ['bob', 'carol'], expiresAt: '2099-01-01T00:00:00Z' }) });
    expect(bodyOf<{ session: TableSession }>(invite).data.session).toMatchObject({ invitedActorIds: ['bob', 'carol'], expiresAt: '2099-01-01T00:00:00.000Z' });
    const outsider = await failureOf(patchTableSession(runtime, { sessionId: session.sessionId, ...mutationRequest({ actorId: 'mallory', status: 'ended' }) }));
    expect([outsider.code, outsider.status, outsider.message]).toEqual(['ERR_FORBIDDEN', 403, 'Actor is not allowed in this private table session']);
    const empty = await failureOf(patchTableSession(runtime, { sessionId: session.sessionId, ...mutationRequest({ actorId: 'alice' }) }));
    expect(empty.message).toBe('At least one patch field is required');
    const missing = await failureOf(patchTableSession(runtime, { sessionId: crypto.randomUUID(), ...mutationRequest({ actorId: 'alice', status: 'ended' }, null) }));
    expect(missing.code).toBe('ERR_NOT_FOUND');

    const end = await patchTableSession(runtime, { sessionId: session.sessionId, ...mutationRequest({ actorId: 'carol', status: 'ended' }) });
    expect(bodyOf<{ session: TableSession }>(end).data.session).toMatchObject({ status: 'ended', endedAt: expect.any(String) });
    const reopen = await patchTableSession(runtime, { sessionId: session.sessionId, ...mutationRequest({ actorId: 'alice', status: 'active' }) });
    expect(bodyOf<{ session: TableSession }>(reopen).data.session).toMatchObject({ status: 'active', endedAt: null });
    const events = await eventsOf('patch-1');
    expect(events.map((event) => [event.type, event.actor_id])).toEqual([
      ['table_session_created', 'alice'],
      ['table_session_updated', 'bob'],
      ['table_session_updated', 'carol'],
      ['table_session_ended', 'carol'],
      ['table_session_updated', 'alice'],
    ]);
  });
});

describe('the gate on every route family (docs/private-tables.md#the-gate)', () => {
  it('402 in a private table that has no session', async () => {
    await upsertRoom(runtime, mutationRequest({ roomId: 'g-none', actorId: 'alice', roomType: 'private_table', ...PAID }));
    for (const [family, call] of FAMILIES) {
      const error = await failureOf(call('g-none', 'alice'));
      expect([family, error.code, error.status, error.message]).toEqual([family, 'ERR_PAYMENT_REQUIRED', 402, 'No active private table session for this room']);
    }
    const upsert = await failureOf(upsertRoom(runtime, mutationRequest({ roomId: 'g-none', actorId: 'alice', roomType: 'private_table', ...PAID })));
    expect([upsert.code, upsert.status]).toEqual(['ERR_PAYMENT_REQUIRED', 402]);
  });

  it('403 for an actor who is neither owner nor invited, on every family, room upserts and session creation', async () => {
    await openTable('g-members', { planId: 'americano', paymentAmountUsd: 10 });
    for (const [family, call] of FAMILIES) {
      const error = await failureOf(call('g-members', 'mallory'));
      expect([family, error.code, error.status, error.message]).toEqual([family, 'ERR_FORBIDDEN', 403, 'Actor is not allowed in this private table session']);
    }
    const takeover = await failureOf(upsertRoom(runtime, mutationRequest({ roomId: 'g-members', actorId: 'mallory', roomType: 'lobby' })));
    expect([takeover.code, takeover.message]).toEqual(['ERR_FORBIDDEN', 'Actor is not allowed in this private table session']);
    const secondSession = await failureOf(createTableSession(runtime, mutationRequest({ roomId: 'g-members', actorId: 'mallory', planId: 'espresso', ...PAID })));
    expect(secondSession.code).toBe('ERR_FORBIDDEN');
  });

  it('runs before the capability check: a stranger without canSpeak hears the gate, a member the capability', async () => {
    for (const actorId of ['mallory', 'bob']) await upsertPermission(runtime, mutationRequest({ roomId: 'g-members', actorId, canSpeak: false }));
    const stranger = await failureOf(executeCommand(runtime, { action: 'say', ...mutationRequest({ roomId: 'g-members', actorId: 'mallory', text: 'hi' }) }));
    expect(stranger.message).toBe('Actor is not allowed in this private table session');
    const member = await failureOf(executeCommand(runtime, { action: 'say', ...mutationRequest({ roomId: 'g-members', actorId: 'bob', text: 'hi' }) }));
    expect([member.code, member.message]).toEqual(['ERR_FORBIDDEN', 'Permission denied for requested action']);
    await upsertPermission(runtime, mutationRequest({ roomId: 'g-members', actorId: 'bob', canSpeak: true }));
  });

  it('lets members through on every family (americano has replay)', async () => {
    for (const [family, call] of FAMILIES) {
      await expect(call('g-members', family === 'replay' ? 'bob' : 'alice'), family).resolves.toBeDefined();
    }
    await waitUntilSettled(db.sql);
    const replay = (await readReplay(db.sql, readQueryValues({ roomId: 'g-members', actorId: 'alice' }), { tenantId: 'default', roomId: 'main' }, runtime.env)) as { count: number };
    expect(replay.count).toBeGreaterThan(0);
  });

  it('a member may rename the table but not turn it into a lobby or take it over', async () => {
    const renamed = await upsertRoom(runtime, mutationRequest({ roomId: 'g-members', actorId: 'bob', roomType: 'private_table', ownerActorId: 'alice', displayName: 'Our table', ...PAID }));
    expect(renamed.status).toBe(200);
    for (const body of [{ roomType: 'lobby', ownerActorId: 'alice' }, { roomType: 'private_table', ownerActorId: 'bob', ...PAID }]) {
      const error = await failureOf(upsertRoom(runtime, mutationRequest({ roomId: 'g-members', actorId: 'bob', ...body })));
      expect([error.code, error.status]).toEqual(['ERR_FORBIDDEN', 403]);
    }
    expect((await eventsOf('g-members')).filter((event) => event.type === 'room_updated')).toHaveLength(1);
  });

  it('403 "expired" while the only session is past its expiry and not swept yet', async () => {
    await openTable('g-expired', { startedAt: '2020-01-01T00:00:00Z', expiresAt: '2020-01-01T00:30:00Z' });
    for (const [family, call] of FAMILIES) {
      const error = await failureOf(call('g-expired', 'alice'));
      expect([family, error.code, error.message]).toEqual([family, 'ERR_FORBIDDEN', 'Private table session has expired']);
      expect(error.details).toMatchObject({ expiredAt: '2020-01-01T00:30:00.000Z' });
    }
  });

  it('403 ERR_PLAN_FEATURE_DISABLED for replay on a plan without it; 400 without an actor id', async () => {
    await openTable('g-espresso');
    const error = await failureOf(readReplay(db.sql, readQueryValues({ roomId: 'g-espresso', actorId: 'bob' }), { tenantId: 'default', roomId: 'main' }, runtime.env));
    expect([error.code, error.status, error.message]).toEqual(['ERR_PLAN_FEATURE_DISABLED', 403, "Plan 'espresso' does not include 'replay'"]);
    const anonymous = await failureOf(readReplay(db.sql, readQueryValues({ roomId: 'g-espresso' }), { tenantId: 'default', roomId: 'main' }, runtime.env));
    expect([anonymous.code, anonymous.details]).toEqual(['ERR_MISSING_FIELD', { field: 'actorId', roomId: 'g-espresso', action: 'replay' }]);
  });

  it('leave is never gated; lobbies are untouched', async () => {
    await expect(executeCommand(runtime, { action: 'leave', ...mutationRequest({ roomId: 'g-none', actorId: 'mallory' }) })).resolves.toBeDefined();
    for (const [family, call] of FAMILIES) await expect(call('some-lobby', 'anyone'), family).resolves.toBeDefined();
  });

  it('seat cap: 20 concurrent enters into a table with N seats seat exactly N', async () => {
    const actors = Array.from({ length: 20 }, (_, index) => `agent-${index}`);
    for (const [planId, seats] of [
      ['espresso', 2],
      ['cappuccino', 4],
    ] as const) {
      const roomId = `g-seats-${planId}`;
      await openTable(roomId, { planId, invitedActorIds: actors, paymentAmountUsd: 10 });
      const results = await Promise.allSettled(actors.map((actorId) => executeCommand(runtime, { action: 'enter', ...mutationRequest({ roomId, actorId }) })));
      const admitted = results.filter((result) => result.status === 'fulfilled');
      const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as { code: string; message: string; details: Record<string, unknown> }] : []));
      expect(admitted).toHaveLength(seats);
      expect(refused).toHaveLength(20 - seats);
      for (const error of refused) {
        expect([error.code, error.message]).toEqual(['ERR_OUT_OF_BOUNDS', 'Private table seat capacity reached']);
        expect(error.details).toMatchObject({ planId, maxAgents: seats, activeAgents: seats });
      }
      const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from presence_states where room_id = ${roomId} and is_active`;
      expect(row!.n).toBe(seats);
      // A seated actor may enter again; after a leave the seat goes to the next one.
      const seated = (await db.sql<{ actor_id: string }[]>`select actor_id from presence_states where room_id = ${roomId} and is_active`).map((r) => r.actor_id);
      await executeCommand(runtime, { action: 'enter', ...mutationRequest({ roomId, actorId: seated[0]! }) });
      await executeCommand(runtime, { action: 'leave', ...mutationRequest({ roomId, actorId: seated[0]! }) });
      const waiting = actors.find((actorId) => !seated.includes(actorId))!;
      await expect(executeCommand(runtime, { action: 'enter', ...mutationRequest({ roomId, actorId: waiting }) })).resolves.toBeDefined();
    }
  });
});

describe('the gate on tasks and shared objects (docs/api.md#tasks, docs/api.md#shared-objects: features task_board, shared_objects)', () => {
  const taskId = (result: { body: string }) => bodyOf<{ task: { taskId: string } }>(result).data.task.taskId;
  const objectId = (result: { body: string }) => bodyOf<{ object: { objectId: string } }>(result).data.object.objectId;
  const WRITES: [string, (roomId: string, actorId: string, ids: { task: string; object: string }) => Promise<unknown>][] = [
    ['task create', (roomId, actorId) => createTask(runtime, mutationRequest({ roomId, actorId, title: 'Plan' }))],
    ['task patch', (_roomId, actorId, ids) => patchTask(runtime, { taskId: ids.task, ...mutationRequest({ actorId, progress: 50 }) })],
    ['task handoff', (_roomId, actorId, ids) => handoffTask(runtime, { taskId: ids.task, ...mutationRequest({ actorId, action: 'assign', toAssigneeActorId: 'bob' }) })],
    ['object create', (roomId, actorId) => createObject(runtime, mutationRequest({ roomId, actorId, objectType: 'note', title: 'Notes' }))],
    ['object patch', (_roomId, actorId, ids) => patchObject(runtime, { objectId: ids.object, ...mutationRequest({ actorId, title: 'Renamed' }) })],
  ];

  /** A table on `planId` with a task and an object made while the owner's session was open. */
  async function tableWithWork(roomId: string, planId: string) {
    await openTable(roomId, { planId: 'americano', paymentAmountUsd: 10 });
    const ids = {
      task: taskId(await createTask(runtime, mutationRequest({ roomId, actorId: 'alice', title: 'Seed' }))),
      object: objectId(await createObject(runtime, mutationRequest({ roomId, actorId: 'alice', objectType: 'note' }))),
    };
    const [open] = (await readTableSessions(db.sql, readQueryValues({ roomId, status: 'active' }), 'default')).sessions;
    await patchTableSession(runtime, { sessionId: open!.sessionId, ...mutationRequest({ actorId: 'alice', status: 'ended' }) });
    if (planId !== 'none') await openTable(roomId, { planId, paymentAmountUsd: 10 });
    return ids;
  }

  it('402 without a session, 403 for strangers, ERR_PLAN_FEATURE_DISABLED on espresso, allowed for members on cappuccino', async () => {
    const closed = await tableWithWork('w-closed', 'none');
    const espresso = await tableWithWork('w-espresso', 'espresso');
    const cappuccino = await tableWithWork('w-cappuccino', 'cappuccino');
    for (const [family, call] of WRITES) {
      const none = await failureOf(call('w-closed', 'alice', closed));
      expect([family, none.code, none.status]).toEqual([family, 'ERR_PAYMENT_REQUIRED', 402]);
      const stranger = await failureOf(call('w-cappuccino', 'mallory', cappuccino));
      expect([family, stranger.code, stranger.message]).toEqual([family, 'ERR_FORBIDDEN', 'Actor is not allowed in this private table session']);
      const plan = await failureOf(call('w-espresso', 'bob', espresso));
      expect([family, plan.code, plan.status, plan.details.requiredFeature]).toEqual([family, 'ERR_PLAN_FEATURE_DISABLED', 403, family.startsWith('task') ? 'task_board' : 'shared_objects']);
      await expect(call('w-cappuccino', 'alice', cappuccino), family).resolves.toBeDefined();
    }
  });
});

describe('the gate on webhook and reaction subscriptions bound to a private table (feature event_subscriptions)', () => {
  const subscriptionId = (result: { body: string }) => bodyOf<{ subscription: { id: string } }>(result).data.subscription.id;
  const webhookBody = (roomId: string, actorId: string) => ({ roomId, actorId, targetUrl: 'http://127.0.0.1:9/hook' });
  const reactionBody = (roomId: string, actorId: string) => ({ roomId, targetActorId: actorId, actionType: 'say', actionPayload: { text: 'hi' } });
  type Ids = { webhook: string; reaction: string };
  const WRITES: [string, (roomId: string, actorId: string, ids: Ids) => Promise<{ body: string }>][] = [
    ['webhook create', (roomId, actorId) => createWebhookSubscription(runtime, mutationRequest(webhookBody(roomId, actorId)))],
    ['webhook patch', (_roomId, _actorId, ids) => patchWebhookSubscription(runtime, { id: ids.webhook, ...mutationRequest({ enabled: false }) })],
    ['webhook delete', (_roomId, _actorId, ids) => deleteWebhookSubscription(runtime, { id: ids.webhook, ...mutationRequest({}) })],
    ['reaction create', (roomId, actorId) => createReactionSubscription(runtime, mutationRequest(reactionBody(roomId, actorId)))],
    ['reaction patch', (_roomId, _actorId, ids) => patchReactionSubscription(runtime, { id: ids.reaction, ...mutationRequest({ enabled: false }) })],
    ['reaction delete', (_roomId, _actorId, ids) => deleteReactionSubscription(runtime, { id: ids.reaction, ...mutationRequest({}) })],
  ];
  const STORED = 'select (select count(*) from webhook_subscriptions)::int as webhooks, (select count(*) from reaction_subscriptions)::int as reactions';

  /**
   * A table with subscriptions made by `actorId` while an americano session was open (its plan
   * has event_subscriptions); then that session ends and, unless `planId` is 'none', another
   * opens on `planId` with alice as owner and bob invited.
   */
  async function tableWithSubscriptions(roomId: string, planId: string, actorId: string): Promise<Ids> {
    await openTable(roomId, { planId: 'americano', paymentAmountUsd: 10, invitedActorIds: ['bob', 'carol'] });
    const ids = {
      webhook: subscriptionId(await createWebhookSubscription(runtime, mutationRequest(webhookBody(roomId, actorId)))),
      reaction: subscriptionId(await createReactionSubscription(runtime, mutationRequest(reactionBody(roomId, actorId)))),
    };
    const [open] = (await readTableSessions(db.sql, readQueryValues({ roomId, status: 'active' }), 'default')).sessions;
    await patchTableSession(runtime, { sessionId: open!.sessionId, ...mutationRequest({ actorId: 'alice', status: 'ended' }) });
    if (planId !== 'none') await openTable(roomId, { planId, paymentAmountUsd: 10 });
    return ids;
  }

  it('402 without a session, 403 for a stranger, ERR_PLAN_FEATURE_DISABLED without the feature, and nothing written', async () => {
    const closed = await tableWithSubscriptions('s-closed', 'none', 'bob');
    const cappuccino = await tableWithSubscriptions('s-cappuccino', 'cappuccino', 'bob');
    const stranger = await tableWithSubscriptions('s-stranger', 'americano', 'carol');
    const [before] = await db.sql<{ webhooks: number; reactions: number }[]>`${db.sql.unsafe(STORED)}`;
    for (const [family, call] of WRITES) {
      const none = await failureOf(call('s-closed', 'bob', closed));
      expect([family, none.code, none.status]).toEqual([family, 'ERR_PAYMENT_REQUIRED', 402]);
      const plan = await failureOf(call('s-cappuccino', 'bob', cappuccino));
      expect([family, plan.code, plan.status, plan.details.requiredFeature]).toEqual([family, 'ERR_PLAN_FEATURE_DISABLED', 403, 'event_subscriptions']);
      // carol was invited to the first session only: her subscriptions outlived her membership.
      const refused = await failureOf(call('s-stranger', 'carol', stranger));
      expect([family, refused.code, refused.message, refused.details.actorId]).toEqual([family, 'ERR_FORBIDDEN', 'Actor is not allowed in this private table session', 'carol']);
      expect(refused.details.action).toBe(`${family.startsWith('webhook') ? 'event' : 'reaction'}_subscription_${{ create: 'create', patch: 'update', delete: 'delete' }[family.split(' ')[1]!]}`);
    }
    expect((await db.sql<{ webhooks: number; reactions: number }[]>`${db.sql.unsafe(STORED)}`)[0]).toEqual(before);
  });

  it('lets members of a plan with the feature create, patch and delete; subscriptions for every room are not gated', async () => {
    const ids = await tableWithSubscriptions('s-member', 'americano', 'bob');
    for (const [family, call] of WRITES) await expect(call('s-member', 'bob', ids), family).resolves.toMatchObject({ kind: 'executed' });
    const everywhere = await createWebhookSubscription(runtime, mutationRequest({ targetUrl: 'http://127.0.0.1:9/all' }));
    expect(everywhere.status).toBe(201);
  });

  it('400 ERR_MISSING_FIELD for a webhook in a private table without an actorId', async () => {
    await openTable('s-anon', { planId: 'americano', paymentAmountUsd: 10 });
    const missing = await failureOf(createWebhookSubscription(runtime, mutationRequest({ roomId: 's-anon', targetUrl: 'http://127.0.0.1:9/hook' })));
    expect([missing.code, missing.details.field]).toEqual(['ERR_MISSING_FIELD', 'actorId']);
  });

  it('a patch cannot move a subscription into a table, or onto an agent, its create would have been refused for', async () => {
    await openTable('s-target', { planId: 'americano', paymentAmountUsd: 10 });
    const webhook = subscriptionId(await createWebhookSubscription(runtime, mutationRequest({ actorId: 'mallory', targetUrl: 'http://127.0.0.1:9/hook' })));
    const reaction = subscriptionId(await createReactionSubscription(runtime, mutationRequest(reactionBody('lobby-x', 'mallory'))));
    const moved = await failureOf(patchWebhookSubscription(runtime, { id: webhook, ...mutationRequest({ roomId: 's-target' }) }));
    expect([moved.code, moved.details.actorId, moved.details.roomId]).toEqual(['ERR_FORBIDDEN', 'mallory', 's-target']);
    const movedReaction = await failureOf(patchReactionSubscription(runtime, { id: reaction, ...mutationRequest({ roomId: 's-target' }) }));
    expect(movedReaction.code).toBe('ERR_FORBIDDEN');
    const member = subscriptionId(await createWebhookSubscription(runtime, mutationRequest(webhookBody('s-target', 'bob'))));
    const handedOver = await failureOf(patchWebhookSubscription(runtime, { id: member, ...mutationRequest({ actorId: 'mallory' }) }));
    expect([handedOver.code, handedOver.details.actorId]).toEqual(['ERR_FORBIDDEN', 'mallory']);
    await expect(patchWebhookSubscription(runtime, { id: member, ...mutationRequest({ actorId: 'alice' }) })).resolves.toMatchObject({ status: 200 });
  });
});

describe('expiry sweeper (docs/private-tables.md#the-pieces)', () => {
  it('ends expired sessions once with updated + ended (reason expired), also when several sweepers race', async () => {
    const session = await openTable('sweep-1', { startedAt: '2020-01-01T00:00:00Z', expiresAt: '2020-01-01T00:30:00Z' });
    const results = await Promise.all(Array.from({ length: 4 }, () => sweepExpiredTableSessions(db.sql)));
    const ended = results.flatMap((result) => (result.kind === 'swept' ? result.ended : []));
    expect(ended.filter((id) => id === session.sessionId)).toHaveLength(1);
    expect(await requireTableSession(db.sql, 'default', session.sessionId)).toMatchObject({ status: 'ended', endedAt: expect.any(String) });
    const events = await eventsOf('sweep-1');
    expect(events.map((event) => [event.type, event.actor_id])).toEqual([
      ['table_session_created', 'alice'],
      ['table_session_updated', 'alice'],
      ['table_session_ended', 'alice'],
    ]);
    expect(events[1]!.payload.changedFields).toEqual(['status', 'endedAt']);
    expect(events[2]!.payload).toMatchObject({ reason: 'expired', sessionId: session.sessionId });
    // Ended is not expired: the gate now answers 402 (no active session).
    expect((await failureOf(executeCommand(runtime, { action: 'say', ...mutationRequest({ roomId: 'sweep-1', actorId: 'alice', text: 'hi' }) }))).code).toBe('ERR_PAYMENT_REQUIRED');
    // The owner buys a new session for the same table.
    await expect(openTable('sweep-1')).resolves.toMatchObject({ status: 'active' });
  });
});
