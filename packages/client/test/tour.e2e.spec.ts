import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { CafeApiError, createCafeClient } from '../src/index';

const MESSAGES = ['conversation_message_posted'];

let db: TestDatabase;
let api: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '' });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

/** Runs a TypeScript file with tsx, resolving with its exit code and output. */
function runScript(file: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => done({ code, output }));
  });
}

describe('@cafe/client against the built API', () => {
  it('runs the README tour (examples/tour.ts) as written', async () => {
    const { code, output } = await runScript(resolve(import.meta.dirname, '../examples/tour.ts'), [api.baseUrl]);
    expect(output).toContain('health: healthy');
    expect(output).toContain('error: 404 ERR_UNSUPPORTED_ACTION Route not found');
    expect(output).toContain('replayed the same event: true');
    expect(output).toMatch(/bob has [1-9]\d* unread: mention/);
    expect(output).toMatch(/stream: \d+ conversation_message_posted/);
    expect(code).toBe(0);
  }, 30_000);

  it('sends an idempotency key with every write and retries with the same one', async () => {
    const keys: string[] = [];
    let failures = 1;
    const cafe = createCafeClient({
      baseUrl: api.baseUrl,
      retryDelayMs: 10,
      fetch: async (input, init) => {
        keys.push(new Headers(init?.headers).get('idempotency-key') ?? '');
        const response = await fetch(input, init);
        // The first answer is lost on the way back: the client must retry with the same key.
        if (failures-- > 0) throw new TypeError('socket hang up');
        return response;
      },
    });
    const first = await cafe.commands.enter({ actorId: 'carol', roomId: 'retry-room' });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const events = await cafe.events.list({ roomId: 'retry-room', types: ['agent_entered'], cursor: 0 });
    expect(events.events.map((event) => event.eventId)).toEqual([first.eventId]);
  });

  it('throws the error envelope as CafeApiError', async () => {
    const cafe = createCafeClient({ baseUrl: api.baseUrl });
    const error = await cafe.commands.say({ actorId: '  ', text: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CafeApiError);
    expect(error).toMatchObject({ status: 400, code: 'ERR_MISSING_FIELD', details: { field: 'actorId' } });
  });

  it('resumes the stream after the last event received, losing and repeating nothing', async () => {
    const cafe = createCafeClient({ baseUrl: api.baseUrl });
    const sent = [];
    for (const text of ['one', 'two', 'three']) {
      sent.push(await cafe.commands.say({ actorId: `speaker-${text}`, roomId: 'resume-room', text }));
    }
    const seen: number[] = [];
    for await (const event of cafe.events.stream({ roomId: 'resume-room', types: MESSAGES, cursor: 0 })) {
      seen.push(event.sequence);
      if (seen.length === 1) break;
    }
    // A dropped connection: the client reconnects with Last-Event-ID = the last sequence seen.
    let drops = 1;
    const dropping = createCafeClient({
      baseUrl: api.baseUrl,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (drops-- <= 0 || !response.body) return response;
        // Cut the first connection right after its first event frame.
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let text = '';
        let end = -1;
        while (end < 0) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value, { stream: true });
          const idAt = text.search(/(^|\n)id: /);
          end = idAt < 0 ? -1 : text.indexOf('\n\n', idAt);
        }
        void reader.cancel();
        return new Response(text.slice(0, end + 2), { status: 200, headers: response.headers });
      },
    });
    const resumed: number[] = [];
    for await (const event of dropping.events.stream({ roomId: 'resume-room', types: MESSAGES, cursor: seen[0], reconnectDelayMs: 10 })) {
      resumed.push(event.sequence);
      if (resumed.length === 2) break;
    }
    expect([...seen, ...resumed]).toEqual(sent.map((answer) => answer.sequence));
  });
});
