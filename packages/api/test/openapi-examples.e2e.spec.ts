import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { apiOperations } from '../src/openapi/api-document';

let db: TestDatabase;
let api: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', MOD_MIN_ACTION_INTERVAL_MS: '0' });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

/** Values for the path parameters of the examples (the examples write these ids). */
const PATH_VALUES: Record<string, string> = { actorId: 'alice', kind: 'room' };

describe('the examples of the OpenAPI document', () => {
  it('are accepted by the API, which answers the documented status and schema', async () => {
    const runs = apiOperations().filter((operation) => operation.example?.body !== undefined);
    expect(runs.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const operation of runs) {
      const names = [...operation.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
      if (names.some((name) => !(name in PATH_VALUES))) continue;
      const path = operation.path.replace(/:(\w+)/g, (_, name: string) => PATH_VALUES[name]!);
      const response = await fetch(`${api.baseUrl}${path}`, {
        method: operation.method,
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(operation.example!.body),
      });
      const body = (await response.json()) as { ok: boolean; data?: unknown; error?: unknown };
      const label = `${operation.method} ${operation.path}`;
      if (response.status !== (operation.status ?? 200)) {
        failures.push(`${label}: ${response.status} ${JSON.stringify(body.error)}`);
        continue;
      }
      const parsed = operation.response.safeParse(body.data);
      if (!parsed.success) failures.push(`${label}: answer does not match the documented schema: ${parsed.error.message.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
