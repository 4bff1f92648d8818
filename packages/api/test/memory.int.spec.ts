import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { executeCommand } from './helpers/commands-for-tests';
import type { CommandAction } from '../src/commands/parse-command';
import { readLocalMemory } from '../src/memory/read-local-memory';
import { executeHeartbeat } from './helpers/commands-for-tests';
import { readQueryValues } from '../src/request/query';
import type { ApiRuntime } from '../src/runtime';
import { createRuntimeForTests, mutationRequest, waitUntilSettled } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;

const command = (action: CommandAction, body: Record<string, unknown>) =>
  executeCommand(runtime, { action, route: `/v1/commands/${action}`, ...mutationRequest(body) });

const defaults = { tenantId: 'default', roomId: 'main' };
type Memory = { tenantId: string; roomId: string; actorId: string | null; memory: Record<string, unknown>[]; count: number };

beforeAll(async () => {
  db = await createTestDatabase();
  // Many commands by one actor in a row: keep anti-loop moderation out of the way.
  runtime = createRuntimeForTests(db, { MOD_MIN_ACTION_INTERVAL_MS: '0', MOD_MAX_ACTIONS_PER_WINDOW: '1000' });
  await command('enter', { actorId: 'ada' });
  await command('say', { actorId: 'ada', text: 'hello @bob' });
  await command('order', { actorId: 'bob', itemId: 'latte', size: 'large' });
  await executeHeartbeat(runtime, mutationRequest({ actorId: 'bob', status: 'busy' }));
  await command('move', { actorId: 'ada', direction: 'E', steps: 2 });
  await command('say', { actorId: 'bob', text: 'hi', roomId: 'elsewhere' });
});
afterAll(async () => {
  await db?.drop();
});

describe('GET /v1/memory/local', () => {
  it('summarises the newest memory-worthy events of the room, newest first', async () => {
    await waitUntilSettled(db.sql);
    const result = (await readLocalMemory(db.sql, readQueryValues({}), defaults)) as Memory;
    expect(result).toMatchObject({ tenantId: 'default', roomId: 'main', actorId: null, count: 4 });
    expect(result.memory.map((entry) => entry.type)).toEqual(['actor_moved', 'order_changed', 'conversation_message_posted', 'agent_entered']);
    expect(result.memory[0]).toMatchObject({ actorId: 'ada', direction: 'E', steps: 2 });
    expect(result.memory[1]).toMatchObject({ actorId: 'bob', itemId: 'latte', size: 'large' });
    expect(result.memory[2]).toMatchObject({ text: 'hello @bob', mentions: ['bob'], threadId: expect.any(String) });
    for (const entry of result.memory) expect(Object.keys(entry)).toEqual(expect.arrayContaining(['eventId', 'sequence', 'type', 'actorId', 'ts']));
  });

  it('filters by author, caps the limit at 5, and scopes by room', async () => {
    const ada = (await readLocalMemory(db.sql, readQueryValues({ actorId: 'ada', limit: '2' }), defaults)) as Memory;
    expect(ada.memory.map((entry) => entry.type)).toEqual(['actor_moved', 'conversation_message_posted']);
    expect(ada.actorId).toBe('ada');
    for (let i = 0; i < 4; i += 1) await command('order', { actorId: 'cy', itemId: `item-${i}` });
    expect(((await readLocalMemory(db.sql, readQueryValues({ limit: '50' }), defaults)) as Memory).count).toBe(5);
    expect(((await readLocalMemory(db.sql, readQueryValues({ limit: 'lots' }), defaults)) as Memory).count).toBe(5);
    const elsewhere = (await readLocalMemory(db.sql, readQueryValues({ roomId: 'elsewhere' }), defaults)) as Memory;
    expect(elsewhere.memory.map((entry) => [entry.type, entry.text])).toEqual([['conversation_message_posted', 'hi']]);
    expect(((await readLocalMemory(db.sql, readQueryValues({ tenantId: 'nobody' }), defaults)) as Memory).count).toBe(0);
  });
});
