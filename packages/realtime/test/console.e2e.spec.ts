import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestDatabase, getFreePort, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { findChromium, launchHeadlessChromium, type HeadlessBrowser } from '@cafe/testkit/browser';

// Acceptance of the operator console (GET / on realtime) in a real headless Chromium, with
// API auth on: agents hold the API token, the operator types the operator token into the page.
// The page calls the API cross-origin (CORS allow-list) and reads the realtime stream.

const chromiumPath = findChromium();
if (!chromiumPath) console.warn('[realtime] operator console browser suite SKIPPED: no Chromium (apt-get install chromium)');

const AGENT_TOKEN = 'console-agent-token';
const OPERATOR_TOKEN = 'console-operator-token';
const OPERATOR_ID = 'console-operator';
const ROOM_ID = 'main';

/** What the acceptance allows between the API's answer and the page showing it. */
const VISIBLE_WITHIN_MS = 1000;

describe.skipIf(!chromiumPath)('operator console in a headless browser', () => {
  let db: TestDatabase;
  let api: RunningApp;
  let realtime: RunningApp;
  let browser: HeadlessBrowser;
  let page: Page;
  const requestedUrls: string[] = [];

  async function command(path: string, body: Record<string, unknown>) {
    const response = await fetch(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-api-key': AGENT_TOKEN },
      body: JSON.stringify({ roomId: ROOM_ID, ...body }),
    });
    return { status: response.status, body: (await response.json()) as { ok: boolean; data?: Record<string, unknown>; error?: { code: string } } };
  }

  /** Milliseconds until `selector` matches a visible element, failing after `timeoutMs`. */
  async function msUntilVisible(selector: string, timeoutMs: number): Promise<number> {
    const startedAt = performance.now();
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: timeoutMs });
    return Math.round(performance.now() - startedAt);
  }

  const chatTexts = () => page.locator('#chat li .text').allTextContents();

  beforeAll(async () => {
    db = await createTestDatabase();
    const realtimePort = await getFreePort();
    const shared = { DATABASE_URL: db.url, REDIS_URL: '', API_AUTH_TOKEN: AGENT_TOKEN, OPERATOR_AUTH_TOKEN: OPERATOR_TOKEN };
    api = await startBuiltApp('api', {
      ...shared,
      API_RATE_LIMIT_PER_MIN: '100000',
      MOD_MIN_ACTION_INTERVAL_MS: '0',
      API_CORS_ALLOW_ORIGINS: `http://127.0.0.1:${realtimePort}`,
    });
    realtime = await startBuiltApp('realtime', { ...shared, NITRO_PORT: String(realtimePort), REALTIME_CONSOLE_API_URL: api.baseUrl, REALTIME_HEARTBEAT_MS: '1000' });
    const grant = await fetch(`${api.baseUrl}/v1/permissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-api-key': OPERATOR_TOKEN },
      body: JSON.stringify({ roomId: ROOM_ID, actorId: OPERATOR_ID, canModerate: true }),
    });
    expect(grant.status).toBe(200);
    browser = await launchHeadlessChromium({ viewport: { width: 1280, height: 800 } });
    page = await browser.context.newPage();
    page.on('request', (request) => requestedUrls.push(request.url()));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([api?.stop(), realtime?.stop()]);
    await db?.drop();
  });

  it('1. opens the page and goes live once the operator token is typed in', async () => {
    const response = await page.goto(`${realtime.baseUrl}/?tenantId=default&roomId=${ROOM_ID}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.locator('#connection[data-state="unauthorized"]').waitFor();
    await page.fill('#token', OPERATOR_TOKEN);
    await page.fill('#operator-id', OPERATOR_ID);
    await page.press('#token', 'Enter');
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 5000 });
    expect(await page.inputValue('#token')).toBe('');
  });

  it('2. shows an agent that enters and speaks within a second', async () => {
    const entered = await command('/v1/commands/enter', { actorId: 'ada', payload: { position: { x: 2, y: 3 } } });
    expect(entered.status).toBe(202);
    const agentMs = await msUntilVisible('#grid [data-actor-id="ada"]', VISIBLE_WITHIN_MS);
    const said = await command('/v1/commands/say', { actorId: 'ada', text: 'hello @bob, coffee?' });
    expect(said.status).toBe(202);
    const textMs = await msUntilVisible('#chat li:has-text("hello @bob, coffee?")', VISIBLE_WITHIN_MS);
    console.log(`[console] agent visible after ${agentMs} ms, text after ${textMs} ms`);
    const agent = page.locator('#grid [data-actor-id="ada"]');
    expect(await agent.getAttribute('data-x')).toBe('2');
    expect(await agent.getAttribute('data-y')).toBe('3');
    expect(await page.locator('#chat li mark.mention').allTextContents()).toEqual(['@bob']);
    expect(await page.locator('#presence li[data-actor-id="ada"] .state').textContent()).toBe('active');
  });

  it('3. moves the agent on the grid', async () => {
    const box = async () => page.locator('#grid [data-actor-id="ada"]').boundingBox();
    const before = await box();
    const moved = await command('/v1/commands/move', { actorId: 'ada', direction: 'E', steps: 3 });
    expect(moved.status).toBe(202);
    await page.locator('#grid [data-actor-id="ada"][data-x="5"][data-y="3"]').waitFor({ timeout: 5000 });
    await page.waitForTimeout(400); // the move is animated over 0.25 s
    const after = await box();
    expect(after!.x).toBeGreaterThan(before!.x);
    expect(after!.y).toBe(before!.y);
  });

  it('4. after 2 s offline shows the message said meanwhile exactly once', async () => {
    const lastBefore = Number(await page.locator('#feed li').first().getAttribute('data-sequence'));
    await browser.context.setOffline(true);
    await page.locator('#connection[data-state="offline"]').waitFor({ timeout: 5000 });
    const said = await command('/v1/commands/say', { actorId: 'ada', text: 'said while you were away' });
    expect(said.status).toBe(202);
    await page.waitForTimeout(2000);
    expect(await chatTexts()).not.toContain('said while you were away');
    await browser.context.setOffline(false);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    await page.locator('#chat li:has-text("said while you were away")').waitFor({ timeout: 5000 });
    // Let any duplicate the resume could produce arrive before counting.
    await page.waitForTimeout(1500);
    expect(await chatTexts()).toEqual(['hello @bob, coffee?', 'said while you were away']);
    const sequences = (await page.locator('#feed li').evaluateAll((items) => items.map((item) => Number((item as unknown as { getAttribute(name: string): string | null }).getAttribute('data-sequence'))))).reverse();
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    // No gap: every event the API committed for the room after the drop is in the feed.
    const log = await fetch(`${api.baseUrl}/v1/events?roomId=${ROOM_ID}&cursor=${lastBefore}&limit=100`, { headers: { 'x-api-key': AGENT_TOKEN } });
    const committed = ((await log.json()) as { data: { events: Array<{ sequence: number }> } }).data.events.map((event) => event.sequence);
    expect(committed.length).toBeGreaterThan(0);
    for (const sequence of committed) expect(sequences).toContain(sequence);
  });

  it('5. pauses the room from the page; the API then refuses the agent with 423', async () => {
    await page.locator('#pause-room').focus();
    await page.keyboard.press('Enter');
    await page.locator('#room-paused').waitFor({ state: 'visible', timeout: 5000 });
    await page.locator('#audit li:has-text("pause_room")').waitFor({ timeout: 5000 });
    const refused = await command('/v1/commands/say', { actorId: 'ada', text: 'can I still talk?' });
    expect(refused.status).toBe(423);
    expect(refused.body.error?.code).toBe('ERR_OPERATOR_OVERRIDE_BLOCKED');
  });

  it('never puts the operator token in a URL', () => {
    expect(requestedUrls.length).toBeGreaterThan(0);
    expect(requestedUrls.filter((url) => url.includes(OPERATOR_TOKEN))).toEqual([]);
    expect(page.url()).not.toContain(OPERATOR_TOKEN);
  });
});
