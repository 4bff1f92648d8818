import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@cafe/db/embedded';
import { countResults, formatSummary, isRedisReachable, type VitestJsonReport } from '@cafe/testkit';
import { APPS, ROOT_DIR } from './lib/apps';
import { buildApps } from './lib/build';

// `npm test [-- vitest args…]`: the README's test command. Real Postgres (DATABASE_URL, or an
// embedded one it starts itself), Redis when reachable, built apps for the e2e suites, then
// `vitest run`. Ends with one plain line `N passed, N failed, N skipped` for CI parsers.

const say = (message: string) => process.stdout.write(`[test] ${message}\n`);

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Hides the password of a connection URL for printing. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Uses DATABASE_URL / TEST_DATABASE_URL when set; otherwise starts an embedded Postgres for the run. */
async function preparePostgres(): Promise<EmbeddedPostgres | undefined> {
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) {
    say(`postgres: ${redact(given)} (each test file creates and drops its own database there)`);
    return undefined;
  }
  const port = Number(process.env.TEST_EMBEDDED_PG_PORT || 54330);
  const dataDir = resolve(ROOT_DIR, process.env.TEST_EMBEDDED_PG_DATA_DIR || '.data/test-postgres');
  say(`postgres: DATABASE_URL is unset, starting an embedded PostgreSQL on 127.0.0.1:${port} (data ${dataDir})`);
  const embedded = await startEmbeddedPostgres({
    dataDir,
    port,
    user: 'cafe',
    password: 'cafe',
    database: 'cafe_test',
    log: (message) => say(`postgres: ${message}`),
  });
  process.env.DATABASE_URL = embedded.url;
  return embedded;
}

/** Exports REDIS_URL only when a Redis answers, so the Redis suites skip themselves otherwise. */
async function prepareRedis(): Promise<void> {
  const url = process.env.TEST_REDIS_URL || process.env.REDIS_URL || DEFAULT_REDIS_URL;
  if (await isRedisReachable(url)) {
    process.env.REDIS_URL = url;
    process.env.TEST_REDIS_URL = url;
    say(`redis: ${redact(url)}`);
    return;
  }
  delete process.env.REDIS_URL;
  delete process.env.TEST_REDIS_URL;
  say(`redis: NOT reachable at ${redact(url)} — the Redis suites are SKIPPED (set REDIS_URL to a running Redis to include them)`);
}

/** Runs `vitest run` with a JSON report beside the console one; resolves with its exit code. */
function runVitest(args: string[], reportFile: string): Promise<number> {
  const vitestBin = resolve(ROOT_DIR, 'node_modules/vitest/vitest.mjs');
  const child = spawn(
    process.execPath,
    [vitestBin, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...args],
    { cwd: ROOT_DIR, stdio: 'inherit', env: process.env },
  );
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolvePromise) => {
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal ? 1 : 0));
    });
  });
}

/** Reads the JSON report, or undefined when vitest died before writing one. */
function readReport(file: string): VitestJsonReport | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VitestJsonReport;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const reportDir = resolve(ROOT_DIR, '.data');
  mkdirSync(reportDir, { recursive: true });
  const reportFile = join(reportDir, `vitest-report-${process.pid}.json`);
  let embedded: EmbeddedPostgres | undefined;
  try {
    embedded = await preparePostgres();
    await prepareRedis();
    if (process.env.TEST_SKIP_BUILD === '1') {
      say('build: skipped (TEST_SKIP_BUILD=1); e2e suites use the bundles already built');
    } else {
      say('build: building the apps whose sources changed (e2e suites start the built servers)');
      await buildApps(APPS, { log: (message) => say(`build: ${message}`) });
    }
    const code = await runVitest(args, reportFile);
    const report = readReport(reportFile);
    if (!report) say(`vitest wrote no report (exit code ${code})`);
    process.stdout.write(`${formatSummary(countResults(report, code))}\n`);
    return code;
  } finally {
    rmSync(reportFile, { force: true });
    if (embedded?.owned) await embedded.stop().catch((error: Error) => say(`postgres: ${error.message}`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`[test] ${error.stack ?? error.message}\n`);
    process.stdout.write(`${formatSummary({ passed: 0, failed: 1, skipped: 0 })}\n`);
    process.exit(1);
  },
);
