import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEventHandler, getRequestHeader } from 'h3';
import { readRequestHeader, sendData } from '../src/index';
import { createTestApp, readEnvelope, serveApp, type ServedApp } from './helpers/serve';

let served: ServedApp;
const NAMES = ['x-api-key', 'X-Request-Id', 'set-cookie', 'absent'];

beforeAll(async () => {
  const app = createTestApp();
  app.use(
    '/headers',
    defineEventHandler((event) =>
      sendData(event, Object.fromEntries(NAMES.map((name) => [name, { ours: readRequestHeader(event, name) ?? null, h3: getRequestHeader(event, name) ?? null }]))),
    ),
  );
  served = await serveApp(app);
});

afterAll(() => served.close());

describe('readRequestHeader', () => {
  it('answers what h3 getRequestHeader answers: any name case, repeated values joined, absent as undefined', async () => {
    const headers = new Headers({ 'x-api-key': ' k ', 'x-request-id': 'r-1' });
    headers.append('set-cookie', 'a=1');
    headers.append('set-cookie', 'b=2');
    const data = (await readEnvelope(await fetch(`${served.baseUrl}/headers`, { headers }))).data as Record<string, { ours: unknown; h3: unknown }>;
    for (const name of NAMES) expect(data[name]!.ours).toEqual(data[name]!.h3);
    expect(data['X-Request-Id']!.ours).toBe('r-1');
    expect(data['set-cookie']!.ours).toBe('a=1, b=2');
    expect(data.absent!.ours).toBeNull();
  });
});
