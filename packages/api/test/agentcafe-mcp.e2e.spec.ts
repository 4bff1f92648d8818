import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { readSse, type SseFrame } from './helpers/sse';

/**
 * Acceptance: the published client of the original contract (agentcafe@0.3.1, its MCP server
 * `agentcafe-mcp`) works against our API unchanged, driven through the MCP SDK's stdio client.
 */
const CLIENT_VERSION = '0.3.1';
const clientDir = join(tmpdir(), `cafe-agentcafe-client-${CLIENT_VERSION}`);
const execFileAsync = promisify(execFile);

interface McpClient {
  callTool(request: { name: string; arguments?: Record<string, unknown> }): Promise<{ content: { type: string; text: string }[]; isError?: boolean }>;
  close(): Promise<void>;
}

async function installClient(): Promise<void> {
  if (existsSync(join(clientDir, 'node_modules/agentcafe/mcp-server.js'))) return;
  mkdirSync(clientDir, { recursive: true });
  await execFileAsync('npm', ['init', '-y'], { cwd: clientDir });
  await execFileAsync('npm', ['install', '--no-audit', '--no-fund', `agentcafe@${CLIENT_VERSION}`], { cwd: clientDir, timeout: 180_000 });
}

async function startAgent(actorId: string, runtimeUrl: string): Promise<McpClient> {
  const sdk = join(clientDir, 'node_modules/@modelcontextprotocol/sdk/dist/esm/client');
  const { Client } = await import(pathToFileURL(join(sdk, 'index.js')).href);
  const { StdioClientTransport } = await import(pathToFileURL(join(sdk, 'stdio.js')).href);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(clientDir, 'node_modules/agentcafe/mcp-server.js')],
    env: { ...process.env, AGENTCAFE_RUNTIME_URL: runtimeUrl, AGENTCAFE_ACTOR_ID: actorId } as Record<string, string>,
    stderr: 'pipe',
  });
  const client = new Client({ name: `cafe-e2e-${actorId}`, version: '1.0.0' });
  await client.connect(transport);
  return client as McpClient;
}

const text = (result: { content: { text: string }[] }) => result.content.map((c) => c.text).join('\n');

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await probe();
  }
  return value;
}

describe('agentcafe@0.3.1 MCP client against the API', () => {
  let db: TestDatabase;
  let api: RunningApp;
  let realtime: RunningApp;

  beforeAll(async () => {
    await installClient();
    db = await createTestDatabase();
    // The agents' tool calls come quicker than the default minimum action interval (150 ms);
    // everything else keeps its default.
    api = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', MOD_MIN_ACTION_INTERVAL_MS: '0' });
    realtime = await startBuiltApp('realtime', { DATABASE_URL: db.url, REDIS_URL: '' });
  }, 240_000);

  afterAll(async () => {
    await Promise.all([api?.stop(), realtime?.stop()]);
    await db?.drop();
  });

  it('alice orders, moves and mentions bob; bob sees the mention and alice; both leave on shutdown', async () => {
    const alice = await startAgent('alice', api.baseUrl);
    const ordered = await alice.callTool({ name: 'order', arguments: { itemId: 'espresso_make_no_mistake' } });
    expect(ordered.isError).toBeFalsy();
    expect(text(ordered)).toContain('Ordered espresso_make_no_mistake');
    const moved = await alice.callTool({ name: 'move', arguments: { direction: 'E', steps: 2 } });
    expect(moved.isError).toBeFalsy();
    const said = await alice.callTool({ name: 'say', arguments: { text: '@bob want to pair on the parser?' } });
    expect(said.isError).toBeFalsy();

    const bob = await startAgent('bob', api.baseUrl);
    const inbox = await eventually(
      () => bob.callTool({ name: 'checkInbox', arguments: {} }),
      (result) => !text(result).startsWith('No new messages'),
    );
    expect(text(inbox)).toMatch(/new event/);
    expect(text(inbox)).toContain('mention');
    expect(text(inbox)).toContain('alice');

    const look = await eventually(
      () => bob.callTool({ name: 'look', arguments: {} }),
      // Presence is immediate; the chat comes from the event log, readable once settled.
      (result) => text(result).includes('want to pair on the parser?'),
    );
    expect(text(look)).toContain('alice');
    expect(text(look)).toContain('want to pair on the parser?');

    await alice.close();
    await bob.close();
    const left = await eventually(
      async () => (await (await fetch(`${api.baseUrl}/v1/events?types=agent_left&limit=50`)).json()) as { data: { events: { actorId: string }[] } },
      (body) => new Set(body.data.events.map((e) => e.actorId)).size >= 2,
    );
    expect(new Set(left.data.events.map((e) => e.actorId))).toEqual(new Set(['alice', 'bob']));
    const presence = (await (await fetch(`${api.baseUrl}/v1/presence?roomId=main&active=true`)).json()) as { data: { presence: unknown[] } };
    expect(presence.data.presence).toEqual([]);
  }, 120_000);

  it("the client's task, handoff, object, pin and score calls: a task handed from ada to bob, from creation to done", async () => {
    // The published HTTP client, exactly as the package ships it.
    const { AgentCafeClient } = await import(pathToFileURL(join(clientDir, 'node_modules/agentcafe/http-client.js')).href);
    const cafe = new AgentCafeClient({ runtimeUrl: api.baseUrl });
    const room = { tenantId: 'default', roomId: 'workshop' };
    const log = (line: string) => console.log(`[agentcafe@${CLIENT_VERSION}] ${line}`);

    // An operator watching the room on the realtime service sees the task's whole life.
    const taskTypes = ['task_created', 'task_updated', 'task_assigned', 'task_progress_updated', 'task_completed', 'task_handoff'];
    const streamed = readSse(`${realtime.baseUrl}/v1/stream?roomId=workshop&types=${taskTypes.join(',')}`, {
      onFrame: (frame: SseFrame) => frame.event !== 'task_completed',
      timeoutMs: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Bootstrap resolves only rooms that have a record; the workshop gets one.
    await cafe.runtimeUpsertRoom({ ...room, actorId: 'ada', displayName: 'Workshop' });
    await cafe.runtimeUpsertPermission({ ...room, actorId: 'ada', canModerate: true });
    const pinned = await cafe.runtimePinRoomContext({ ...room, actorId: 'ada', content: 'Ship the parser by Friday' });
    const pin = await cafe.runtimeRoomPinnedContext(room);
    const pins = await cafe.runtimeRoomPinnedContextHistory(room);
    expect(pinned.data.pinnedContext).toMatchObject({ version: 1, content: 'Ship the parser by Friday', isActive: true });
    expect(pin.data).toMatchObject({ isPinned: true, pinnedContext: { version: 1 } });
    expect(pins.data.count).toBe(1);
    log(`pin: v${pinned.data.pinnedContext.version} "${pin.data.pinnedContext.content}" event ${pinned.data.sequence}; history ${pins.data.count}`);

    const created = await cafe.runtimeCreateTask({ ...room, actorId: 'ada', title: 'Write the parser', description: 'tokens first' });
    const taskId = created.data.task.taskId as string;
    expect(created.data.task).toMatchObject({ state: 'open', createdBy: 'ada', progress: 0 });
    log(`createTask: ${taskId} ${created.data.task.state} → ${created.data.emittedEvents.map((e: { eventType: string }) => e.eventType).join(',')}`);
    const updated = await cafe.runtimeUpdateTask(taskId, { actorId: 'ada', progress: 10 });
    expect(updated.data.task.progress).toBe(10);
    log(`updateTask: progress ${updated.data.task.progress} → ${updated.data.emittedEvents.map((e: { eventType: string }) => e.eventType).join(',')}`);

    const assigned = await cafe.runtimeTaskHandoff(taskId, { actorId: 'ada', action: 'assign', toAssigneeActorId: 'bob', note: 'over to you' });
    expect(assigned.data.handoff).toMatchObject({ action: 'assign', fromAssigneeActorId: null, toAssigneeActorId: 'bob', targetActorIds: ['bob'] });
    log(`handoff assign: ${assigned.data.task.state}, assignee ${assigned.data.task.assigneeActorId}, inbox → ${assigned.data.handoff.targetActorIds.join(',')}`);

    const boot = await cafe.runtimeBootstrap({ ...room, actorId: 'bob' });
    expect(boot.data.actor.assignedTasks.map((t: { taskId: string }) => t.taskId)).toEqual([taskId]);
    expect(boot.data.room.openOrActiveTasks.map((t: { taskId: string }) => t.taskId)).toEqual([taskId]);
    expect(boot.data.actor.inbox.map((item: { topic: string }) => item.topic).sort()).toEqual(['handoff', 'task']);
    log(`bootstrap bob: unread ${boot.data.actor.unreadCount}, inbox ${boot.data.actor.inbox.map((i: { topic: string }) => i.topic).join(',')}, assigned ${boot.data.actor.assignedTasks.length}, room backlog ${boot.data.room.openOrActiveTasks.length}`);

    const accepted = await cafe.runtimeTaskHandoff(taskId, { actorId: 'bob', action: 'accept' });
    const done = await cafe.runtimeTaskHandoff(taskId, { actorId: 'bob', action: 'done', note: 'merged' });
    expect(accepted.data.task.assigneeActorId).toBe('bob');
    expect(done.data.task).toMatchObject({ state: 'done', progress: 100, completedBy: 'bob' });
    log(`handoff accept+done: ${done.data.task.state} ${done.data.task.progress}% by ${done.data.task.completedBy} → ${done.data.emittedEvents.map((e: { eventType: string }) => e.eventType).join(',')}`);
    await expect(cafe.runtimeTaskHandoff(taskId, { actorId: 'bob', action: 'accept' })).rejects.toThrow('ERR_CONFLICT: Cannot handoff a completed task');
    log('handoff on a done task: ERR_CONFLICT: Cannot handoff a completed task');

    const one = await cafe.runtimeTask(taskId, room);
    const list = await cafe.runtimeTasks({ ...room, state: 'done' });
    const handoffs = await eventually(
      () => cafe.runtimeTaskHandoffs(taskId, { order: 'asc' }) as Promise<{ data: { count: number; handoffs: { payload: { action: string } }[] } }>,
      (body) => body.data.count === 3,
    );
    expect(one.data.task.state).toBe('done');
    expect(list.data.tasks.map((t: { taskId: string }) => t.taskId)).toEqual([taskId]);
    expect(handoffs.data.handoffs.map((e) => e.payload.action)).toEqual(['assign', 'accept', 'done']);
    log(`tasks: get ${one.data.task.state}; list(state=done) ${list.data.count}; handoffs ${handoffs.data.handoffs.map((e) => e.payload.action).join('→')}`);

    const board = await cafe.runtimeCreateObject({ ...room, actorId: 'ada', objectType: 'whiteboard', objectKey: 'plan', title: 'Plan', data: { lanes: ['lexer', 'parser'] } });
    const objectId = board.data.object.objectId as string;
    const edited = await cafe.runtimeUpdateObject(objectId, { actorId: 'bob', content: 'lexer done' });
    const objects = await cafe.runtimeObjects({ ...room, objectType: 'whiteboard' });
    const object = await cafe.runtimeObject(objectId, room);
    expect(edited.data.object).toMatchObject({ version: 2, updatedBy: 'bob' });
    expect(objects.data.count).toBe(1);
    expect(object.data.object.content).toBe('lexer done');
    log(`objects: ${board.data.object.objectType} v${board.data.object.version} → v${edited.data.object.version} by ${edited.data.object.updatedBy}; list ${objects.data.count}`);

    const score = await eventually(
      () => cafe.runtimeCollaborationScore(room) as Promise<{ data: { eventsConsidered: number; collaboration: { score: number; grade: string; metrics: Record<string, number> } } }>,
      (body) => body.data.eventsConsidered === 7,
    );
    // 30 (done) + 10 (assigned to bob; his accept keeps him) + 3·2 (object edits) + 4 (two contributors)
    expect(score.data.collaboration).toEqual({
      score: 50,
      grade: 'fair',
      metrics: { tasksCompleted: 1, coordinationActions: 1, objectEdits: 2, conversationTurns: 0, contributors: 2 },
    });
    log(`score: ${score.data.collaboration.score} (${score.data.collaboration.grade}) over ${score.data.eventsConsidered} events ${JSON.stringify(score.data.collaboration.metrics)}`);

    const replay = await cafe.runtimeReplay({ ...room, minutes: 10 });
    expect(replay.data.snapshot.tasks).toEqual([expect.objectContaining({ taskId, state: 'done', assigneeActorId: 'bob', progress: 100 })]);
    log(`replay: task ${replay.data.snapshot.tasks[0].state}, assignee ${replay.data.snapshot.tasks[0].assigneeActorId}`);

    const frames = await streamed;
    const seen = frames.filter((frame) => taskTypes.includes(frame.event ?? '')).map((frame) => frame.event);
    expect(seen[0]).toBe('task_created');
    expect(seen[seen.length - 1]).toBe('task_completed');
    expect(seen).toContain('task_handoff');
    log(`realtime stream: ${seen.join(',')}`);
  }, 120_000);
});
