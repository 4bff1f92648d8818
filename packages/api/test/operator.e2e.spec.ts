import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { createApiClient, type ApiClient } from './helpers/api-client';
import { RELAXED_MODERATION_ENV } from './helpers/moderation-env';

const AGENT_TOKEN = 'agent-token-e2e';
const OPERATOR_TOKEN = 'operator-token-e2e';

let db: TestDatabase;
let app: RunningApp;
/** Holds the shared API token: what every agent has. */
let agent: ApiClient;
/** Holds OPERATOR_AUTH_TOKEN. */
let operator: ApiClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startBuiltApp('api', {
    DATABASE_URL: db.url,
    REDIS_URL: '',
    API_AUTH_TOKEN: AGENT_TOKEN,
    OPERATOR_AUTH_TOKEN: OPERATOR_TOKEN,
    API_RATE_LIMIT_PER_MIN: '100000',
    ...RELAXED_MODERATION_ENV,
  });
  agent = createApiClient(app.baseUrl, { 'x-api-key': AGENT_TOKEN });
  operator = createApiClient(app.baseUrl, { authorization: `Bearer ${OPERATOR_TOKEN}` });
  // The operator ids used below may moderate main; grants need the operator credential.
  for (const roomId of ['main', 'side']) {
    const grant = await operator.post('/v1/permissions', { roomId, actorId: 'op-1', canModerate: true });
    expect(grant.status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const count = async (table: string) => Number((await db.sql`select count(*)::int as n from ${db.sql(table)}`)[0]!.n);
const override = (body: Record<string, unknown>, key?: string) => operator.post('/v1/operator/overrides', { roomId: 'main', operatorId: 'op-1', ...body }, key);

describe('operator credential (acceptance 4)', () => {
  it('an agent token cannot grant canModerate (or any flag): 403 ERR_FORBIDDEN, nothing stored', async () => {
    const before = await count('actor_permissions');
    for (const body of [{ canModerate: true }, { canSpeak: false }]) {
      const res = await agent.post('/v1/permissions', { roomId: 'main', actorId: 'sneaky', ...body });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'ERR_FORBIDDEN', message: 'Operator credential required', details: { requiredRole: 'operator' } });
    }
    expect(await count('actor_permissions')).toBe(before);
    const effective = await agent.get('/v1/permissions?roomId=main&actorId=sneaky');
    expect(effective.body.data.permission).toMatchObject({ canModerate: false, source: 'default' });
  });

  it('an agent token cannot mute anyone, even naming an operator that holds canModerate', async () => {
    const events = await count('events');
    const res = await agent.post('/v1/operator/overrides', { roomId: 'main', operatorId: 'op-1', action: 'mute_agent', targetActorId: 'victim' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ERR_FORBIDDEN');
    expect(await count('events')).toBe(events);
    expect(await count('operator_audit_log')).toBe(0);
    expect((await agent.get('/v1/operator/overrides?roomId=main')).body.data.override.mutedActorIds).toEqual([]);
  });

  it('the operator token authenticates every route; no token is still 401', async () => {
    expect((await operator.get('/v1/permissions?roomId=main&actorId=op-1')).body.data.permission).toMatchObject({ canModerate: true, source: 'custom' });
    const anonymous = createApiClient(app.baseUrl);
    const res = await anonymous.post('/v1/operator/overrides', { roomId: 'main', operatorId: 'op-1', action: 'pause_room' });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'ERR_FORBIDDEN', message: 'Unauthorized' });
  });

  it('the operator credential does not replace canModerate: an operator id without the grant gets 403', async () => {
    const res = await operator.post('/v1/operator/overrides', { roomId: 'main', operatorId: 'op-ungranted', action: 'pause_room' });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'ERR_FORBIDDEN',
      message: 'Permission denied for requested action',
      details: { tenantId: 'default', roomId: 'main', actorId: 'op-ungranted', capability: 'canModerate', action: 'pause_room' },
    });
    // Grants are per room: op-1 may moderate main and side, not elsewhere.
    const elsewhere = await operator.post('/v1/operator/overrides', { roomId: 'third', operatorId: 'op-1', action: 'pause_room' });
    expect(elsewhere.status).toBe(403);
  });
});

describe('permission matrix on commands and intents', () => {
  it('a revoked flag answers 403 with the spec details, only in that room', async () => {
    await operator.post('/v1/permissions', { roomId: 'main', actorId: 'quiet', canSpeak: false, canMove: 0 });
    const say = await agent.post('/v1/commands/say', { actorId: 'quiet', text: 'hello' });
    expect(say.status).toBe(403);
    expect(say.body.error).toMatchObject({
      code: 'ERR_FORBIDDEN',
      message: 'Permission denied for requested action',
      details: { tenantId: 'default', roomId: 'main', actorId: 'quiet', capability: 'canSpeak', action: 'say' },
    });
    expect(say.body.error.details.correlationId).toBe(say.headers.get('x-correlation-id'));
    const message = await agent.post('/v1/conversations/messages', { actorId: 'quiet', text: 'hello' });
    expect(message.body.error.details).toMatchObject({ capability: 'canSpeak', action: 'conversation_message' });
    const intent = await agent.post('/v1/intents/execute', { actorId: 'quiet', intent: 'sit_at_table', payload: { tableId: 'table_1' } });
    expect(intent.status).toBe(403);
    expect(intent.body.error.details).toMatchObject({ capability: 'canMove', action: 'sit_at_table' });
    expect((await agent.post('/v1/commands/move', { actorId: 'quiet', direction: 'N' })).body.error.details).toMatchObject({ capability: 'canMove' });
    // Ordering keeps its default, and another room is untouched.
    expect((await agent.post('/v1/commands/order', { actorId: 'quiet', itemId: 'latte' })).status).toBe(202);
    expect((await agent.post('/v1/commands/say', { actorId: 'quiet', roomId: 'side', text: 'hello' })).status).toBe(202);
    const stored = await agent.get('/v1/permissions?roomId=main&actorId=quiet');
    expect(stored.body.data.permission).toMatchObject({ canSpeak: false, canMove: false, canOrder: true, canEnterLeave: true, canModerate: false, source: 'custom' });
  });

  it('canEnterLeave guards enter and leave', async () => {
    await operator.post('/v1/permissions', { roomId: 'main', actorId: 'stuck', canEnterLeave: false });
    for (const action of ['enter', 'leave']) {
      const res = await agent.post(`/v1/commands/${action}`, { actorId: 'stuck' });
      expect(res.body.error.details).toMatchObject({ capability: 'canEnterLeave', action });
    }
  });

  it('GET /v1/permissions lists stored rows, newest first; POST merges over the stored row', async () => {
    await operator.post('/v1/permissions', { roomId: 'side', actorId: 'merge', canOrder: false });
    const merged = await operator.post('/v1/permissions', { roomId: 'side', actorId: 'merge', canSpeak: false });
    expect(merged.body.data.permission).toMatchObject({ canOrder: false, canSpeak: false, canMove: true, source: 'custom' });
    expect(merged.body.data.correlationId).toBe(merged.headers.get('x-correlation-id'));
    const list = await agent.get('/v1/permissions?roomId=side');
    expect(list.body.data.permissions[0]).toMatchObject({ actorId: 'merge', roomId: 'side' });
    expect(list.body.data.count).toBe(list.body.data.permissions.length);
  });

  it('bad permission bodies are 400 and write nothing', async () => {
    const before = await count('actor_permissions');
    const none = await operator.post('/v1/permissions', { roomId: 'main', actorId: 'x' });
    expect(none.body.error).toMatchObject({ code: 'ERR_VALIDATION', message: 'At least one permission field is required' });
    expect((await operator.post('/v1/permissions', { actorId: 'x', canMove: true })).body.error).toMatchObject({ code: 'ERR_MISSING_FIELD', details: { field: 'roomId' } });
    expect((await operator.post('/v1/permissions', { roomId: 'main', actorId: 'x', canMove: true }, null)).body.error.code).toBe('ERR_IDEMPOTENCY_KEY_REQUIRED');
    expect(await count('actor_permissions')).toBe(before);
  });
});

describe('mute (acceptance 2: a muted agent cannot speak but can move)', () => {
  it('blocks say and conversation messages with 423 ACTOR_MUTED, allows moving and ordering, other agents unaffected', async () => {
    await agent.post('/v1/commands/enter', { actorId: 'bob' });
    const mute = await override({ action: 'mute_agent', targetActorId: 'bob', reason: 'spamming' });
    expect(mute.status).toBe(202);
    expect(mute.body.data.override).toMatchObject({ roomPaused: false, mutedActorIds: ['bob'], mutedActors: { bob: { actorId: 'bob', mutedBy: 'op-1', reason: 'spamming' } } });
    expect(mute.body.data.emittedEvents.map((e: { eventType: string }) => e.eventType)).toEqual(['operator_override_applied']);

    const events = await count('events');
    const key = randomUUID();
    const say = await agent.post('/v1/commands/say', { actorId: 'bob', text: 'let me talk' }, key);
    expect(say.status).toBe(423);
    expect(say.body.error).toMatchObject({
      code: 'ERR_OPERATOR_OVERRIDE_BLOCKED',
      message: 'Action blocked by active operator override',
      details: { tenantId: 'default', roomId: 'main', actorId: 'bob', action: 'say', reasonCode: 'ACTOR_MUTED', mutedBy: 'op-1', reason: 'spamming' },
    });
    expect(say.body.error.details.mutedAt).toBe(mute.body.data.override.mutedActors.bob.mutedAt);
    const message = await agent.post('/v1/conversations/messages', { actorId: 'bob', text: 'still me' });
    expect(message.body.error.details).toMatchObject({ reasonCode: 'ACTOR_MUTED', action: 'conversation_message' });
    expect(await count('events')).toBe(events);
    const trace = await agent.get(`/v1/traces/${say.body.error.details.correlationId}`);
    expect(trace.body.data.trace.status).toBe('error');
    expect(trace.body.data.trace.steps.map((s: { code: string }) => s.code)).toContain('RC_OPERATOR_OVERRIDE_BLOCKED');

    expect((await agent.post('/v1/commands/move', { actorId: 'bob', direction: 'E' })).status).toBe(202);
    expect((await agent.post('/v1/commands/order', { actorId: 'bob', itemId: 'tea' })).status).toBe(202);
    expect((await agent.post('/v1/intents/execute', { actorId: 'bob', intent: 'navigate_to', payload: { x: 3, y: 3 } })).status).toBe(202);
    expect((await agent.post('/v1/commands/say', { actorId: 'alice', text: 'hi bob' })).status).toBe(202);

    const inbox = await agent.get('/v1/inbox?actorId=bob&roomId=main');
    expect(inbox.body.data.items.map((i: { topic: string; payload: { action: string } }) => [i.topic, i.payload.action])).toContainEqual(['operator', 'mute_agent']);

    await override({ action: 'unmute_agent', targetActorId: 'bob' });
    // The blocked request stored no idempotency record: the same key now executes.
    const retried = await agent.post('/v1/commands/say', { actorId: 'bob', text: 'let me talk' }, key);
    expect(retried.status).toBe(202);
    expect(retried.headers.get('x-idempotent-replay')).toBeNull();
  });
});

describe('pause (acceptance 2: a paused room rejects every mutating command in it and no other room)', () => {
  it('answers 423 ROOM_PAUSED for enter/move/say/order/messages/intents, lets leave through, leaves other rooms alone', async () => {
    await agent.post('/v1/commands/enter', { actorId: 'carol' });
    const pause = await override({ action: 'pause_room', reason: 'incident', metadata: { ticket: 'INC-1' } });
    expect(pause.status).toBe(202);
    expect(pause.body.data.override).toMatchObject({ roomPaused: true, pausedBy: 'op-1', pauseReason: 'incident', resumedAt: null, metadata: { ticket: 'INC-1' } });

    const events = await count('events');
    const attempts: [string, Record<string, unknown>][] = [
      ['/v1/commands/enter', { actorId: 'dave' }],
      ['/v1/commands/move', { actorId: 'carol', direction: 'S' }],
      ['/v1/commands/say', { actorId: 'carol', text: 'anyone?' }],
      ['/v1/commands/order', { actorId: 'carol', itemId: 'mocha' }],
      ['/v1/conversations/messages', { actorId: 'carol', text: 'hello?' }],
      ['/v1/intents/execute', { actorId: 'carol', intent: 'navigate_to', payload: { x: 1, y: 1 } }],
      ['/v1/intents/execute', { actorId: 'carol', intent: 'sit_at_table', payload: { tableId: 'table_2' } }],
      ['/v1/rooms', { actorId: 'carol', roomId: 'main', displayName: 'Renamed while paused' }],
    ];
    for (const [path, body] of attempts) {
      const res = await agent.post(path, body);
      expect(res.status, path).toBe(423);
      expect(res.body.error.details).toMatchObject({ reasonCode: 'ROOM_PAUSED', pausedBy: 'op-1', pausedAt: pause.body.data.override.pausedAt, roomId: 'main' });
    }
    expect(await count('events')).toBe(events);

    for (const [path, body] of attempts) {
      expect((await agent.post(path, { ...body, roomId: 'side' })).status, `side ${path}`).toBe(path === '/v1/rooms' ? 201 : 202);
    }
    expect((await agent.post('/v1/commands/leave', { actorId: 'carol' })).status).toBe(202);

    const resume = await override({ action: 'resume_room' });
    expect(resume.body.data.override).toMatchObject({ roomPaused: false, pausedBy: 'op-1', metadata: {} });
    expect(resume.body.data.override.resumedAt).not.toBeNull();
    expect((await agent.post('/v1/commands/enter', { actorId: 'dave' })).status).toBe(202);
  });

  it('operator actions still work while the room is paused', async () => {
    await override({ action: 'pause_room' }, undefined);
    const mute = await override({ action: 'mute_agent', targetActorId: 'erin' });
    expect(mute.status).toBe(202);
    await override({ action: 'unmute_agent', targetActorId: 'erin' });
    await override({ action: 'resume_room' });
  });
});

describe('force leave (acceptance 2: removed from presence and the room snapshot)', () => {
  it('emits override → forced agent_left → status_changed, marks presence inactive, drops the agent from the room', async () => {
    await agent.post('/v1/commands/enter', { actorId: 'runaway' });
    await agent.post('/v1/commands/move', { actorId: 'runaway', direction: 'N' });
    const listed = await agent.get('/v1/presence?roomId=main&active=true');
    expect(listed.body.data.presence.map((p: { actorId: string }) => p.actorId)).toContain('runaway');

    const res = await override({ action: 'force_leave', targetActorId: 'runaway', reason: 'runaway loop' });
    expect(res.status).toBe(202);
    const emitted = res.body.data.emittedEvents as { eventId: string; eventType: string }[];
    expect(emitted.map((e) => e.eventType)).toEqual(['operator_override_applied', 'agent_left', 'status_changed']);
    expect(res.body.data.action).toMatchObject({ action: 'force_leave', operatorId: 'op-1', targetActorId: 'runaway', reason: 'runaway loop', metadata: {} });
    expect(res.body.data.audit).toMatchObject({ action: 'force_leave', targetActorId: 'runaway', outcome: 'applied', eventId: emitted[0]!.eventId });

    const rows = await db.sql`select event_id, actor_id, type, payload, causation_id, correlation_id from events where correlation_id = ${res.body.data.correlationId} order by sequence`;
    expect(rows.map((r) => [r.type, r.actor_id])).toEqual([
      ['operator_override_applied', 'op-1'],
      ['agent_left', 'runaway'],
      ['status_changed', 'runaway'],
    ]);
    expect(rows[1]!.causation_id).toBe(rows[0]!.event_id);
    expect(rows[2]!.causation_id).toBe(rows[1]!.event_id);
    expect(rows[1]!.payload).toMatchObject({ forced: true, source: 'operator', reason: 'runaway loop', operatorId: 'op-1' });
    expect(rows[2]!.payload).toMatchObject({ from: 'busy', to: 'inactive', reason: 'operator_force_leave', operatorId: 'op-1' });

    const after = await agent.get('/v1/presence?roomId=main&active=true');
    expect(after.body.data.presence.map((p: { actorId: string }) => p.actorId)).not.toContain('runaway');
    expect((await agent.get('/v1/presence?roomId=main&actorId=runaway')).body.data.presence).toMatchObject({ status: 'inactive', isActive: false });
    // The room projection (docs/transport.md#projector) removes the actor on the forced agent_left; the
    // trailing status_changed touches its author again, so the spec fold may keep an inactive
    // record. Either way no active actor named runaway is left in the room snapshot.
    // Event reads stay below the commit horizon (docs/architecture.md#the-commit-ordered-cursor), so another transaction
    // still open may hide the new events for a moment: wait until replay shows the forced leave.
    const forcedLeave = (events: { eventId: string }[]) => events.some((e) => e.eventId === emitted[1]!.eventId);
    let replay = await agent.get('/v1/replay?roomId=main');
    await expect.poll(async () => forcedLeave((replay = await agent.get('/v1/replay?roomId=main')).body.data.events), { timeout: 10_000 }).toBe(true);
    const actors = replay.body.data.snapshot.actors as { actorId: string; status: string }[];
    expect(actors.filter((a) => a.actorId === 'runaway' && a.status !== 'inactive')).toEqual([]);
    expect(actors.find((a) => a.actorId === 'bob')?.status).not.toBe('inactive');

    // Ephemeral: the agent may come back at once.
    expect((await agent.post('/v1/commands/enter', { actorId: 'runaway' })).status).toBe(202);
  });

  it('replays with the same key: one audit entry, no second event', async () => {
    const key = randomUUID();
    const first = await override({ action: 'force_leave', targetActorId: 'ghost' }, key);
    const again = await override({ action: 'force_leave', targetActorId: 'ghost' }, key);
    expect(again.headers.get('x-idempotent-replay')).toBe('true');
    expect(again.text).toBe(first.text);
    expect(Number((await db.sql`select count(*)::int as n from operator_audit_log where target_actor_id = 'ghost'`)[0]!.n)).toBe(1);
    // Without presence there is no status change.
    expect(first.body.data.emittedEvents.map((e: { eventType: string }) => e.eventType)).toEqual(['operator_override_applied', 'agent_left']);
  });

  it('validates before anything is written', async () => {
    const events = await count('events');
    expect((await override({ action: 'force_leave' })).body.error).toMatchObject({ code: 'ERR_MISSING_FIELD', details: { field: 'targetActorId' } });
    expect((await override({ action: 'ban' })).body.error).toMatchObject({ code: 'ERR_INVALID_ENUM', details: { field: 'action' } });
    expect((await operator.post('/v1/operator/overrides', { operatorId: 'op-1', action: 'pause_room' })).body.error.details).toMatchObject({ field: 'roomId' });
    expect((await override({ action: 'pause_room', metadata: 'x' })).status).toBe(400);
    expect(await count('events')).toBe(events);
  });
});

describe('GET /v1/operator/overrides and the audit log', () => {
  it('lists override states and a default for a room without one', async () => {
    const fresh = await agent.get('/v1/operator/overrides?roomId=never');
    expect(fresh.body.data.override).toMatchObject({ roomId: 'never', roomPaused: false, mutedActorIds: [], createdAt: null, updatedAt: null });
    const list = await agent.get('/v1/operator/overrides');
    expect(list.body.data.overrides.map((o: { roomId: string }) => o.roomId)).toContain('main');
  });

  it('filters the audit by room, operator, action and time, pages by auditSeq both ways', async () => {
    await operator.post('/v1/operator/overrides', { roomId: 'side', operatorId: 'op-1', action: 'pause_room' });
    await operator.post('/v1/operator/overrides', { roomId: 'side', operatorId: 'op-1', action: 'resume_room' });
    const all = await agent.get('/v1/operator/audit?roomId=main&limit=1000');
    const entries = all.body.data.entries as { auditSeq: number; roomId: string; createdAt: string; action: string }[];
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.every((e) => e.roomId === 'main')).toBe(true);
    expect(entries.map((e) => e.auditSeq)).toEqual([...entries.map((e) => e.auditSeq)].sort((a, b) => b - a));
    expect(all.body.data).toMatchObject({ order: 'desc', count: entries.length, nextCursor: entries[entries.length - 1]!.auditSeq });

    const side = await agent.get('/v1/operator/audit?roomId=side&order=asc');
    expect(side.body.data.entries.map((e: { action: string }) => e.action)).toEqual(['pause_room', 'resume_room']);
    expect((await agent.get('/v1/operator/audit?action=force_leave&operatorId=op-1')).body.data.entries.every((e: { action: string }) => e.action === 'force_leave')).toBe(true);

    const page1 = await agent.get('/v1/operator/audit?roomId=main&order=asc&limit=2');
    const page2 = await agent.get(`/v1/operator/audit?roomId=main&order=asc&limit=2&cursor=${page1.body.data.nextCursor}`);
    expect(page2.body.data.entries[0].auditSeq).toBeGreaterThan(page1.body.data.entries[1].auditSeq);

    // Inclusive time bounds: the window of exactly one entry's createdAt holds that entry.
    const pick = entries[2]!;
    const at = encodeURIComponent(pick.createdAt);
    const window = await agent.get(`/v1/operator/audit?roomId=main&fromTs=${at}&toTs=${at}`);
    expect(window.body.data.entries.map((e: { auditSeq: number }) => e.auditSeq)).toContain(pick.auditSeq);
    expect(window.body.data.entries.every((e: { createdAt: string }) => e.createdAt === pick.createdAt)).toBe(true);
    const future = await agent.get(`/v1/operator/audit?fromTs=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`);
    expect(future.body.data).toMatchObject({ entries: [], count: 0 });

    const bad = await agent.get('/v1/operator/audit?fromTs=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'ERR_VALIDATION', details: { field: 'fromTs' } });
  });

  it('has no update or delete path (acceptance 3, API side)', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await operator.request(method, '/v1/operator/audit', { body: {} });
      expect(res.status, method).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'ERR_UNSUPPORTED_ACTION', message: 'Operator audit route not found' });
    }
  });

  it('the database rejects UPDATE, DELETE and TRUNCATE of the audit log (acceptance 3)', async () => {
    // Self-contained: this test makes its own entries, so it also runs alone (-t).
    expect((await operator.post('/v1/operator/overrides', { roomId: 'side', operatorId: 'op-1', action: 'pause_room', reason: 'audit' })).status).toBe(202);
    expect((await operator.post('/v1/operator/overrides', { roomId: 'side', operatorId: 'op-1', action: 'resume_room' })).status).toBe(202);
    const before = await db.sql`select id, reason, action from operator_audit_log order by audit_seq`;
    expect(before.length).toBeGreaterThanOrEqual(2);
    await expect(db.sql`update operator_audit_log set reason = 'rewritten'`).rejects.toThrow(/append-only: UPDATE/);
    await expect(db.sql`delete from operator_audit_log`).rejects.toThrow(/append-only: DELETE/);
    await expect(db.sql`truncate operator_audit_log`).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await db.sql`select id, reason, action from operator_audit_log order by audit_seq`).toEqual(before);
  });
});
