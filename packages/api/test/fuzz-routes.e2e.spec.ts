import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from '@cafe/shared';
import { createTestDatabase, startBuiltApp, waitFor, type RunningApp, type TestDatabase } from '@cafe/testkit';
import { SNAPSHOT_KINDS } from '../src/snapshots/snapshot';
import { listApiRoutes, type ApiRoute } from './helpers/api-routes';

// Property-based fuzz over every route file of the API (issue 14, "Bad input"), against the
// built API on real Postgres. Whatever a client sends, the answer is a 2xx or a catalogue 4xx
// envelope, never a 5xx and never silence; a 4xx writes nothing, and neither does a read. Routes are read from
// `server/routes` and the command registry, so a new route is fuzzed without touching this file.
// FUZZ_RUNS (per route, default 25) and FUZZ_SEED reproduce or deepen a run.

const RUNS = Number(process.env.FUZZ_RUNS || 25);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const ANSWER_TIMEOUT_MS = 10_000;

/** Tables a failed request may write by contract: the trace of the failure itself (docs/http.md#envelope). */
const WRITES_ALLOWED_ON_FAILURE = new Set(['traces']);
/** GET routes that write by contract: the long poll's implicit presence heartbeat (docs/api.md#event-log-reads). */
const READS_THAT_WRITE = new Set(['v1/events/poll.get.ts']);

let db: TestDatabase;
let api: RunningApp;
let tables: string[];
/** Whether the last request may have started asynchronous writes (inbox projection, counters). */
let lastWasWrite = true;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startBuiltApp('api', {
    DATABASE_URL: db.url,
    REDIS_URL: '',
    API_RATE_LIMIT_PER_MIN: '1000000',
    // The sweeper writes on its own clock; it would look like a write by whichever request was in flight.
    PRESENCE_SWEEP_MS: '3600000',
    LOG_LEVEL: 'error',
  });
  const rows = await db.sql<{ table_name: string }[]>`
    select table_name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
  tables = rows.map((row) => row.table_name).filter((name) => !WRITES_ALLOWED_ON_FAILURE.has(name));
  // The start-up seed of the default lobby is a write of its own: let it land first.
  await waitFor(async () => ((await db.sql`select 1 from rooms limit 1`).length > 0 ? true : undefined), 15_000, 'the default lobby seed');
}, 90_000);

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

async function countRows(): Promise<Record<string, number>> {
  const [row] = await db.sql.unsafe(`select ${tables.map((t) => `(select count(*) from "${t}")::int as "${t}"`).join(', ')}`);
  return row as Record<string, number>;
}

/** Row counts once asynchronous consumers of the last write have caught up (two equal readings). */
async function settledRowCounts(): Promise<Record<string, number>> {
  let previous = await countRows();
  if (!lastWasWrite) return previous;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 75));
    const current = await countRows();
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
  return previous;
}

// ---- generators ---------------------------------------------------------------------------

const NASTY_TEXT = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udbff\udfff', '😀', '\u202e', 'a\r\nb', '\t', ' ', '',
  '%', '%zz', '%00', '../..', "'; drop table events; --", 'null', 'undefined', '[object Object]',
  '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '99999-01-01', '2026-02-30T25:61:00Z', '0000-01-01',
  '1.5', '-1', '1e400', '99999999999', '9223372036854775808', 'NaN', 'Infinity', 'x'.repeat(5000),
];
const NASTY_NUMBERS = [99999999999, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 1.5, -0.5, -1, 0, 8.64e15 + 1, 5e-324];

/** Field names the API reads from bodies and query strings, plus random ones. */
const FIELD_NAMES = [
  'tenantId', 'roomId', 'actorId', 'text', 'correlationId', 'causationId', 'ttlSeconds', 'ttlMs', 'x', 'y', 'steps',
  'direction', 'itemId', 'size', 'intent', 'operatorId', 'action', 'targetActorId', 'reason', 'status', 'source',
  'enteredAt', 'leftAt', 'forced', 'metadata', 'state', 'position', 'displayName', 'avatarUrl', 'bio', 'theme',
  'name', 'displayName', 'roomType', 'ownerActorId', 'ids', 'upToCursor', 'ackedBy', 'canSpeak', 'canMove',
  'canModerate', 'canOrder', 'cursor', 'limit', 'types', 'fromTs', 'toTs', 'order', 'version', 'minutes',
  'afterEventId', 'unreadOnly', 'active', 'scanLimit', 'roomLimit', 'mentions', 'actionType', 'actionPayload',
  'conversationId', 'messageId', 'threadId', 'content', 'paymentAmountUsd', 'planId',
];

/** A body that passes the common required-field checks, so fuzzed fields reach deeper code. */
const PLAUSIBLE_BODY = {
  actorId: 'fuzz-actor',
  roomId: 'fuzz-room',
  text: 'hello @fuzz-other',
  intent: 'say',
  operatorId: 'fuzz-operator',
  action: 'mute_agent',
  targetActorId: 'fuzz-other',
  displayName: 'Fuzz',
  name: 'Fuzz room',
  direction: 'N',
  itemId: 'espresso',
};

/** Path-parameter values the routes know, so a fuzzed request can reach past the route guard. */
const KNOWN_PARAM_VALUES: Record<string, readonly string[]> = {
  kind: SNAPSHOT_KINDS,
  actorId: ['fuzz-actor'],
  roomId: ['fuzz-room', 'main'],
};

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? { a: value } : [value];
  return value;
}

/** encodeURIComponent, which throws on unpaired surrogates: send those as raw CESU-8 escapes. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

const text = fc.oneof(fc.constantFrom(...NASTY_TEXT), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }));
const number = fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const jsonValue = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(text, scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(nested(70), nested(500)) },
);
const rawSegment = fc.constantFrom('%', '%zz', '%E0%A4%A', '%ED%A0%80', '%00', 'a%00b', '%2F', '%F0%9F%98%80', '..');
const fieldName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: text });

function segmentArbitrary(name: string) {
  const known = KNOWN_PARAM_VALUES[name] ?? ['fuzz-id'];
  return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...known).map(encode) }, { weight: 2, arbitrary: text.map(encode) }, { weight: 1, arbitrary: rawSegment });
}

const rawBody = fc.constantFrom(
  '{"actorId": ',
  '[1,2,3]',
  'null',
  '"text"',
  '{"actorId":"a","text":"\\u0000"}',
  '{"actorId":"a","text":"\\ud800"}',
  `{"actorId":"a","metadata":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
  '\u0000',
);

const body = fc.oneof(
  { weight: 8, arbitrary: fc.record({ plausible: fc.boolean(), fields: fc.dictionary(fieldName, jsonValue, { maxKeys: 3 }) }).map(({ plausible, fields }) => JSON.stringify({ ...(plausible ? PLAUSIBLE_BODY : {}), ...fields })) },
  { weight: 1, arbitrary: rawBody },
);

const query = fc.dictionary(fieldName, fc.oneof(text, number.map(String)), { maxKeys: 3 }).map((entries) =>
  Object.entries(entries).map(([key, value]) => `${encode(key)}=${encode(value)}`),
);

function requestArbitrary(route: ApiRoute) {
  return fc.record({
    method: fc.constantFrom(...route.methods),
    segments: fc.tuple(...route.segments.map((segment) => (typeof segment === 'string' ? fc.constant(segment) : segmentArbitrary('param' in segment ? segment.param : segment.rest)))),
    query: fc.oneof(query, rawSegment.map((raw) => [`roomId=${raw}`])),
    body,
    idempotencyKey: fc.oneof(fc.uuid(), fc.constant(undefined), fc.stringMatching(/^[\x21-\x7e]{1,20}$/)),
  });
}

type FuzzRequest = ReturnType<typeof requestArbitrary> extends fc.Arbitrary<infer T> ? T : never;

// ---- checks -------------------------------------------------------------------------------

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function send(request: FuzzRequest): Promise<{ url: string; answer: Answer }> {
  // A long poll with a fuzzed `timeoutMs` would legitimately wait; the last value wins, so end with 0.
  const url = `${api.baseUrl}/${request.segments.join('/')}?${[...request.query, 'timeoutMs=0'].join('&')}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ANSWER_TIMEOUT_MS);
  try {
    const res = await fetch(url, {
      method: request.method,
      headers,
      body: request.method === 'GET' ? undefined : request.body,
      signal: controller.signal,
    });
    const contentType = res.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream')) {
      controller.abort();
      return { url, answer: { status: res.status, contentType, text: '' } };
    }
    return { url, answer: { status: res.status, contentType, text: await res.text() } };
  } catch (error) {
    throw new Error(`${request.method} ${url}: no answer (${(error as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
}

function expectCatalogueEnvelope(answer: Answer, where: string): void {
  expect(answer.contentType, where).toBe('application/json; charset=utf-8');
  const parsed = JSON.parse(answer.text) as { ok: boolean; error?: { code: ErrorCode; details: unknown } };
  expect(parsed.ok, where).toBe(false);
  const code = parsed.error?.code;
  expect(code && code in ERROR_CATALOGUE, `${where}: ${code} is not a catalogue code`).toBe(true);
  const expected: number = ERROR_CATALOGUE[code!].status;
  // The one documented exception: ERR_FORBIDDEN with 401 for authentication (docs/errors.md).
  expect(answer.status === expected || (code === 'ERR_FORBIDDEN' && answer.status === 401), `${where}: ${code} with ${answer.status}`).toBe(true);
  expect(parsed.error?.details, where).toBeTypeOf('object');
}

const routes = listApiRoutes();

describe('fuzz: every route answers any input with a 2xx or a catalogue 4xx; a 4xx or a read writes nothing', () => {
  it('finds the routes to fuzz in server/routes and the command registry', () => {
    expect(routes.length).toBeGreaterThanOrEqual(35);
    expect(routes.map((r) => r.file)).toEqual(expect.arrayContaining(['v1/events/poll.get.ts', 'command POST /v1/commands/say', 'command DELETE /v1/profiles/:actorId']));
  });

  it.each(routes.map((route) => [route.file, route] as const))('%s', async (_file, route) => {
    await fc.assert(
      fc.asyncProperty(requestArbitrary(route), async (request) => {
        const before = await settledRowCounts();
        const { url, answer } = await send(request);
        const where = `${request.method} ${url} body=${request.method === 'GET' ? '-' : request.body.slice(0, 300)} → ${answer.status} ${answer.text.slice(0, 300)}`;
        lastWasWrite = (request.method !== 'GET' || READS_THAT_WRITE.has(route.file)) && answer.status < 300;
        expect(answer.status, where).toBeLessThan(500);
        if (answer.status >= 400) {
          expectCatalogueEnvelope(answer, where);
          expect(await countRows(), `${where}: a 4xx wrote rows`).toEqual(before);
        } else if (request.method === 'GET' && !READS_THAT_WRITE.has(route.file)) {
          expect(await countRows(), `${where}: a read wrote rows`).toEqual(before);
        }
        if (answer.status >= 400) return;
        expect(answer.status, where).toBeGreaterThanOrEqual(200);
        // Streams and the HTML reference page (/docs) are not envelopes; every JSON answer is.
        if (answer.contentType.startsWith('application/json')) expect((JSON.parse(answer.text) as { ok: boolean }).ok, where).toBe(true);
        else expect(['text/event-stream', 'text/html'].some((type) => answer.contentType.startsWith(type)), where).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 120_000);
});
