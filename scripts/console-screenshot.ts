import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@cafe/db/embedded';
import { createTestDatabase, getFreePort, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { launchHeadlessChromium, type HeadlessBrowser } from '@cafe/testkit/browser';
import { ROOT_DIR } from './lib/apps';

// `npx tsx scripts/console-screenshot.ts`: the pictures of the operator console in docs/.
// Starts the built api and realtime (`npm run build -- api realtime` first) on a scratch
// database (DATABASE_URL's server, else a throwaway embedded Postgres), fills a room with a
// few agents, and photographs the page at 1280×800 and at phone width.

const say = (message: string) => process.stdout.write(`[screenshot] ${message}\n`);
const OPERATOR_ID = 'ops-mara';

async function main(): Promise<void> {
  let embedded: EmbeddedPostgres | undefined;
  let scratchDir: string | undefined;
  let db: TestDatabase | undefined;
  let api: RunningApp | undefined;
  let realtime: RunningApp | undefined;
  let browser: HeadlessBrowser | undefined;
  try {
    if (!process.env.DATABASE_URL && !process.env.TEST_DATABASE_URL) {
      scratchDir = mkdtempSync(join(tmpdir(), 'cafe-screenshot-pg-'));
      embedded = await startEmbeddedPostgres({ dataDir: scratchDir, port: await getFreePort(), user: 'cafe', password: 'cafe', database: 'cafe', log: say });
      process.env.DATABASE_URL = embedded.url;
    }
    db = await createTestDatabase({ prefix: 'screenshot' });
    const realtimePort = await getFreePort();
    const env = { DATABASE_URL: db.url, REDIS_URL: '', LOG_LEVEL: 'warn' };
    api = await startBuiltApp('api', { ...env, API_CORS_ALLOW_ORIGINS: `http://127.0.0.1:${realtimePort}`, MOD_MIN_ACTION_INTERVAL_MS: '0' });
    realtime = await startBuiltApp('realtime', { ...env, NITRO_PORT: String(realtimePort), REALTIME_CONSOLE_API_URL: api.baseUrl });

    const post = async (path: string, body: Record<string, unknown>) => {
      const response = await fetch(`${api!.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ roomId: 'main', ...body }),
      });
      if (!response.ok) say(`${path} answered ${response.status} (left out of the picture)`);
    };
    await post('/v1/permissions', { actorId: OPERATOR_ID, canModerate: true });
    const agents: Array<[string, number, number]> = [['ada', 3, 2], ['bob', 8, 6], ['chen', 14, 3], ['dee', 17, 9]];
    for (const [actorId, x, y] of agents) await post('/v1/commands/enter', { actorId, payload: { position: { x, y } } });

    browser = await launchHeadlessChromium({ viewport: { width: 1280, height: 800 } });
    const page = await browser.context.newPage();
    await page.goto(`${realtime.baseUrl}/?tenantId=default&roomId=main`);
    await page.locator('#connection[data-state="live"]').waitFor();
    await page.fill('#operator-id', OPERATOR_ID);

    await post('/v1/commands/say', { actorId: 'ada', text: 'Morning! @bob could you take the espresso queue?' });
    await post('/v1/commands/say', { actorId: 'bob', text: 'On it. @chen the grinder needs beans.' });
    await post('/v1/commands/order', { actorId: 'chen', itemId: 'flat_white', size: 'large' });
    await post('/v1/commands/move', { actorId: 'bob', direction: 'E', steps: 2 });
    await post('/v1/rooms/context/pin', { actorId: OPERATOR_ID, content: 'Tasting at 11:00, table 3' });
    await post('/v1/tasks', { actorId: 'ada', title: 'Refill the grinder', assigneeActorId: 'chen' });
    await post('/v1/commands/say', { actorId: 'chen', text: 'Beans refilled, thanks @ada' });
    await post('/v1/commands/say', { actorId: 'dee', text: 'dee here, just watching' });
    await post('/v1/operator/overrides', { operatorId: OPERATOR_ID, action: 'mute_agent', targetActorId: 'dee', reason: 'spamming the room' });
    await page.locator('#chat li:has-text("just watching")').waitFor();
    await page.locator('#audit li:has-text("mute_agent")').waitFor();
    await page.locator('#operator-id').blur();
    await page.waitForTimeout(500);

    const wide = resolve(ROOT_DIR, 'docs/console.png');
    await page.screenshot({ path: wide });
    say(`wrote ${wide}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const phone = resolve(ROOT_DIR, 'docs/console-phone.png');
    await page.screenshot({ path: phone });
    say(`wrote ${phone}`);
  } finally {
    await browser?.close();
    await Promise.all([api?.stop(), realtime?.stop()]);
    await db?.drop();
    await embedded?.stop();
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`[screenshot] ${error.stack ?? error.message}\n`);
  process.exit(1);
});
