import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMigrationsFolder } from '@cafe/db';
import { createTestDatabase, startBuiltApp, type TestDatabase } from '@cafe/testkit';

const journal = JSON.parse(readFileSync(join(resolveMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
  entries: { tag: string; when: number }[];
};

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

/** Starts the built API and waits for it to exit on its own; `running` when it is still up after `waitMs`. */
async function exitOfApi(env: Record<string, string>, waitMs = 20_000): Promise<{ code: number | null | 'running'; output: string }> {
  return startBuiltApp('api', env).then(
    (started) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => void started.stop().then(() => resolve({ code: 'running', output: started.output() })), waitMs);
        started.process.once('exit', (code) => {
          clearTimeout(timer);
          // Give the pipes a moment to hand over the last line.
          setTimeout(() => resolve({ code, output: started.output() }), 100);
        });
        if (started.process.exitCode !== null) started.process.emit('exit', started.process.exitCode);
      }),
    (error: Error) => ({ code: Number(error.message.match(/exited with (\d+)/)?.[1] ?? -1), output: error.message }),
  );
}

describe('start-up against a database whose migrations do not match the files', () => {
  it('exits non-zero with one line naming the changed migration and what to do, even without API_DB_REQUIRED', async () => {
    const tampered = journal.entries[2]!;
    await db.sql`update drizzle.__drizzle_migrations set hash = ${'0'.repeat(64)} where created_at = ${tampered.when}`;
    const { code, output } = await exitOfApi({ DATABASE_URL: db.url, REDIS_URL: '', API_DB_REQUIRED: 'false' });
    expect(code).toBe(1);
    const lines = output.split('\n').filter((line) => line.startsWith('Refusing to start:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`migration ${tampered.tag}.sql was changed after it was applied`);
    expect(lines[0]).toContain('npm run db:generate');
  });
});
