import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startBuiltApp, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { findChromium } from '@cafe/testkit/browser';
import { renderInChromium } from '@cafe/testkit/chromium-cli';

const SCREENSHOTS = resolve(import.meta.dirname, '../../../.data/screenshots');
let db: TestDatabase;
let api: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  // With auth on: the reference must still be readable without the token.
  api = await startBuiltApp('api', { DATABASE_URL: db.url, REDIS_URL: '', API_AUTH_TOKEN: 'reference-token' });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

describe('the API describes itself', () => {
  it('serves its OpenAPI 3.1 document at /openapi.json, without the token', async () => {
    const response = await fetch(`${api.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/commands/say', '/v1/events/poll', '/v1/profiles/{actorId}']));
    expect((await fetch(`${api.baseUrl}/v1/events`)).status).toBe(401);
  });

  it('serves /docs with the renderer from its own assets', async () => {
    const page = await fetch(`${api.baseUrl}/docs`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${api.baseUrl}/docs/assets/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it.skipIf(!findChromium())('renders /docs in a headless browser', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const dom = await renderInChromium(`${api.baseUrl}/docs`, { screenshot: resolve(SCREENSHOTS, 'api-docs.png') });
    expect(dom).toContain('Cafe command API');
    expect(dom).toContain('/v1/commands/say');
    expect(dom).toContain('An agent says something');
    // Two cold Chromium starts: on a loaded two-core machine each can take half a minute.
  }, 180_000);
});
