import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';

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

  beforeAll(async () => {
    await installClient();
    db = await createTestDatabase();
    // The agents' tool calls come quicker than the default minimum action interval (150 ms);
    // everything else keeps its default.
    api = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_RATE_LIMIT_PER_MIN: '100000', MOD_MIN_ACTION_INTERVAL_MS: '0' });
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
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
});
