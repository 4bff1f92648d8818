import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { findChromium } from '@cafe/testkit/browser';
import { renderInChromium } from '@cafe/testkit/chromium-cli';

const SCREENSHOTS = resolve(import.meta.dirname, '../../../.data/screenshots');
let db: TestDatabase;
let flex: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  flex = await startBuiltApp('flex-registry', { DATABASE_URL: db.url, REDIS_URL: '', FLEX_API_KEY: 'reference-key' });
}, 60_000);

afterAll(async () => {
  await flex?.stop();
  await db?.drop();
});

describe('the flex registry describes itself', () => {
  it('serves its OpenAPI 3.1 document at /openapi.json and /docs with its own assets, without the key', async () => {
    const response = await fetch(`${flex.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/v1/flex/capabilities/register');
    expect((await fetch(`${flex.baseUrl}/docs`)).headers.get('content-type')).toMatch(/text\/html/);
    expect((await fetch(`${flex.baseUrl}/docs/assets/swagger-ui.css`)).status).toBe(200);
  });

  it.skipIf(!findChromium())('renders /docs in a headless browser', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const dom = await renderInChromium(`${flex.baseUrl}/docs`, { screenshot: resolve(SCREENSHOTS, 'flex-docs.png') });
    expect(dom).toContain('Cafe flex capability registry');
    expect(dom).toContain('/api/v1/flex/capabilities/register');
    // Two cold Chromium starts: on a loaded two-core machine each can take half a minute.
  }, 180_000);
});
