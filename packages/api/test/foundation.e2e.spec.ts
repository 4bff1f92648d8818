import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveMigrationsFolder } from '@cafe/db';
import { CAFE_VERSION } from '@cafe/shared';
import { createTestDatabase, fetchJson, startBuiltApp, waitFor, type AppName, type RunningApp, type TestDatabase } from '@cafe/testkit';

// Acceptance 3 and 4 of the foundation issue: the four built apps started at once against one
// empty database all come up and the migrations run exactly once; a bad port stops a start.

const ROOT_DIR = resolve(import.meta.dirname, '..', '..', '..');
const JOURNAL_ENTRIES = (
  JSON.parse(readFileSync(resolve(resolveMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
).entries.length;

const HEALTH: Record<AppName, { path: string; service: string }> = {
  api: { path: '/healthz', service: 'agentcafe-api' },
  realtime: { path: '/healthz', service: 'agentcafe-realtime' },
  projector: { path: '/healthz', service: 'agentcafe-projector' },
  'flex-registry': { path: '/api/v1/health', service: 'flex-agents-server' },
};
const NAMES = Object.keys(HEALTH) as AppName[];

let db: TestDatabase | undefined;
const apps: RunningApp[] = [];

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await db?.drop();
});

/** The `applied` count of each "migrations checked" line an app logged (one JSON object per line). */
function appliedCounts(output: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"migrations checked"'))
    .map((line) => (JSON.parse(line) as { applied: number }).applied);
}

describe('the four apps started at once on an empty database', () => {
  it('all answer health 200 "healthy", and the migrations ran exactly once between them', async () => {
    db = await createTestDatabase({ migrate: false });
    const env = { DATABASE_URL: db.url, FLEX_DATABASE_URL: db.url, REDIS_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'info', FLEX_LOG_LEVEL: 'info' };
    apps.push(...(await Promise.all(NAMES.map((name) => startBuiltApp(name, env)))));

    for (const app of apps) {
      const { path, service } = HEALTH[app.name];
      const health = await fetchJson<Record<string, unknown>>(`${app.baseUrl}${path}`);
      expect(health.status, `${app.name} health`).toBe(200);
      expect(health.body).toMatchObject({
        status: 'healthy',
        service,
        version: CAFE_VERSION,
        uptimeSeconds: expect.any(Number),
        modes: { postgres: 'external', transport: 'postgres' },
      });
    }

    // Every app checks migrations at start; only one of them may have applied anything.
    const counts = await waitFor(() => {
      const perApp = apps.map((app) => appliedCounts(app.output()));
      return perApp.every((lines) => lines.length === 1) ? perApp.map((lines) => lines[0]!) : undefined;
    }, 30_000, 'a "migrations checked" line from every app');
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(JOURNAL_ENTRIES);
    expect(counts.filter((n) => n > 0)).toHaveLength(1);

    const rows = await db.sql<{ hash: string; n: number }[]>`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`;
    expect(rows).toHaveLength(JOURNAL_ENTRIES);
    expect(rows.every((row) => row.n === 1)).toBe(true);
  });
});

/** Runs a command to completion and collects its output. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd: ROOT_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('a bad environment stops a start with one line naming the variable', () => {
  it('API_PORT=abc: the dev launcher exits non-zero before starting anything', async () => {
    const tsx = resolve(ROOT_DIR, 'node_modules/tsx/dist/cli.mjs');
    const result = await run([tsx, 'scripts/dev-app.ts', 'api'], { API_PORT: 'abc', DATABASE_URL: 'postgres://unused@127.0.0.1:1/x' });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid environment: API_PORT must be an integer \(got "abc"\)$/);
    expect(result.stdout).not.toMatch(/postgres|started/i);
  });

  it('API_PORT=abc: the built API exits non-zero naming API_PORT', async () => {
    const result = await run([resolve(ROOT_DIR, 'packages/api/.output/server/index.mjs')], { API_PORT: 'abc', NITRO_PORT: '0' });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid environment: API_PORT /)]);
  });
});
