import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import type { Profile } from '../src/profiles/profile';
import { requireProfile } from '../src/profiles/read-profiles';
import { patchProfile, removeProfile, upsertProfile } from './helpers/commands-for-tests';
import { readProfiles } from '../src/profiles/read-profiles';
import { readQueryValues } from '../src/request/query';
import type { ApiRuntime } from '../src/runtime';
import { requireTrace } from '../src/traces/read-trace';
import { bodyOf, createRuntimeForTests, failureOf, mutationRequest } from './helpers/runtime-for-tests';

let db: TestDatabase;
let runtime: ApiRuntime;

beforeAll(async () => {
  db = await createTestDatabase();
  runtime = createRuntimeForTests(db);
});
afterAll(async () => {
  await db?.drop();
});


const countRows = async (table: string) => Number((await db.sql.unsafe(`select count(*)::int as n from ${table}`))[0]!.n);

describe('POST /v1/profiles', () => {
  it('creates with 201, lower-cased theme and the correlation id, and replays byte-equal', async () => {
    const request = mutationRequest({ actorId: 'ada', displayName: ' Ada ', theme: { bubbleColor: '#AABBCC' }, avatarUrl: 'https://a.test/x.png' });
    const first = await upsertProfile(runtime, request);
    expect(first.kind).toBe('executed');
    expect(first.status).toBe(201);
    const { data } = bodyOf<{ profile: Profile; correlationId: string }>(first);
    expect(data.profile).toMatchObject({
      tenantId: 'default',
      actorId: 'ada',
      displayName: 'Ada',
      avatarUrl: 'https://a.test/x.png',
      bio: null,
      theme: { bubbleColor: '#aabbcc' },
      metadata: {},
    });
    expect(data.correlationId).toBe(first.correlationId);
    const replay = await upsertProfile(runtime, { ...request, requestId: 'other' });
    expect(replay).toEqual({ kind: 'replayed', status: 201, body: first.body, correlationId: first.correlationId });
  });

  it('fully replaces on a second upsert, keeping createdAt', async () => {
    const before = await requireProfile(runtime, 'default', 'ada');
    const result = await upsertProfile(runtime, mutationRequest({ actorId: 'ada', displayName: 'Ada L', metadata: { team: 'x' } }));
    const { profile } = bodyOf<{ profile: Profile }>(result).data;
    expect(result.status).toBe(201);
    expect(profile).toMatchObject({ displayName: 'Ada L', avatarUrl: null, theme: null, metadata: { team: 'x' }, createdAt: before.createdAt });
  });

  it('conflicts on the same key with another body', async () => {
    const key = crypto.randomUUID();
    await upsertProfile(runtime, mutationRequest({ actorId: 'bob', displayName: 'Bob' }, key));
    const error = await failureOf(upsertProfile(runtime, mutationRequest({ actorId: 'bob', displayName: 'Robert' }, key)));
    expect(error.code).toBe('ERR_IDEMPOTENCY_KEY_CONFLICT');
    expect((await requireProfile(runtime, 'default', 'bob')).displayName).toBe('Bob');
  });

  it('runs pre-checks before the key, field validation after it, and writes nothing on failure', async () => {
    expect((await failureOf(upsertProfile(runtime, mutationRequest({ displayName: 'x' }, null)))).code).toBe('ERR_MISSING_FIELD');
    expect((await failureOf(upsertProfile(runtime, mutationRequest({ actorId: 'cy', displayName: 'Cy' }, null)))).code).toBe('ERR_IDEMPOTENCY_KEY_REQUIRED');
    const profilesBefore = await countRows('profiles');
    const keysBefore = await countRows('idempotency_keys');
    const invalid = [
      [{ actorId: 'cy', displayName: 'Cy', avatarUrl: 'ftp://x' }, 'ERR_INVALID_URL'],
      [{ actorId: 'cy', displayName: 'Cy', theme: { textColor: 'blue' } }, 'ERR_INVALID_COLOR'],
      [{ actorId: 'cy', displayName: 'Cy', theme: 'blue' }, 'ERR_VALIDATION'],
      [{ actorId: 'cy' }, 'ERR_MISSING_FIELD'],
    ] as const;
    for (const [body, code] of invalid) {
      const error = await failureOf(upsertProfile(runtime, mutationRequest(body)));
      expect(error.code).toBe(code);
      expect(typeof error.details.correlationId).toBe('string');
    }
    expect(await countRows('profiles')).toBe(profilesBefore);
    expect(await countRows('idempotency_keys')).toBe(keysBefore);
  });

  it('records a trace for a success and for a failure', async () => {
    const ok = await upsertProfile(runtime, mutationRequest({ actorId: 'dee', displayName: 'Dee', correlationId: 'trace-ok' }));
    expect(ok.correlationId).toBe('trace-ok');
    const { trace } = await requireTrace(db.sql, 'trace-ok');
    expect(trace).toMatchObject({ route: '/v1/profiles', method: 'POST', actorId: 'dee', tenantId: 'default', status: 'success' });
    await failureOf(upsertProfile(runtime, mutationRequest({ actorId: 'dee', displayName: 'Dee', avatarUrl: 'nope', correlationId: 'trace-bad' })));
    const failed = (await requireTrace(db.sql, 'trace-bad')).trace;
    expect(failed.status).toBe('error');
    expect(failed.steps.map((step) => step.code)).toContain('RC_VALIDATION_ERROR');
    const missing = await failureOf(requireTrace(db.sql, 'no-such-trace'));
    expect(missing.code).toBe('ERR_NOT_FOUND');
    expect(missing.details).toEqual({ correlationId: 'no-such-trace' });
  });
});

describe('GET /v1/profiles', () => {
  it('lists newest-updated first within the tenant, honours limit, and reads one by actorId', async () => {
    await upsertProfile(runtime, mutationRequest({ tenantId: 'other', actorId: 'zed', displayName: 'Zed' }));
    const { profiles, count } = (await readProfiles(runtime, readQueryValues({}), 'default')) as { profiles: Profile[]; count: number };
    expect(count).toBe(profiles.length);
    expect(profiles.every((p) => p.tenantId === 'default')).toBe(true);
    const times = profiles.map((p) => p.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(((await readProfiles(runtime, readQueryValues({ limit: '1' }), 'default')) as { count: number }).count).toBe(1);
    expect(await readProfiles(runtime, readQueryValues({ tenantId: 'other', actorId: 'zed' }), 'default')).toMatchObject({ profile: { displayName: 'Zed' } });
    const error = await failureOf(readProfiles(runtime, readQueryValues({ actorId: 'nobody' }), 'default'));
    expect(error.code).toBe('ERR_NOT_FOUND');
    expect(error.message).toBe('Profile not found');
  });
});

describe('PATCH /v1/profiles/{actorId}', () => {
  const subject = (actorId: string, body: Record<string, unknown>, key: string | null = crypto.randomUUID(), queryTenantId?: string) => ({
    ...mutationRequest(body, key),
    actorId,
    queryTenantId,
  });

  it('updates only the given fields; a theme replaces the whole theme', async () => {
    await upsertProfile(runtime, mutationRequest({ actorId: 'eve', displayName: 'Eve', bio: 'hi', theme: { bubbleColor: '#000000', textColor: '#ffffff' } }));
    const result = await patchProfile(runtime, subject('eve', { theme: { accentColor: '#ABCDEF12' } }));
    expect(result.status).toBe(200);
    expect(bodyOf<{ profile: Profile }>(result).data.profile).toMatchObject({ displayName: 'Eve', bio: 'hi', theme: { accentColor: '#abcdef12' } });
  });

  it('takes the tenant from the body, else the query', async () => {
    const result = await patchProfile(runtime, subject('zed', { bio: 'from query tenant' }, crypto.randomUUID(), 'other'));
    expect(bodyOf<{ profile: Profile }>(result).data.profile).toMatchObject({ tenantId: 'other', bio: 'from query tenant' });
    const viaBody = await patchProfile(runtime, subject('zed', { tenantId: 'other', bio: 'from body' }, crypto.randomUUID(), 'default'));
    expect(bodyOf<{ profile: Profile }>(viaBody).data.profile.bio).toBe('from body');
  });

  it('answers 404 before the key check, then requires a key and a recognised field', async () => {
    expect((await failureOf(patchProfile(runtime, subject('ghost', { bio: 'x' }, null)))).code).toBe('ERR_NOT_FOUND');
    // With a key the existence check runs after the idempotency lookup, still before validation.
    expect((await failureOf(patchProfile(runtime, subject('ghost', { avatarUrl: 'x' })))).code).toBe('ERR_NOT_FOUND');
    expect((await failureOf(patchProfile(runtime, subject('eve', { bio: 'x' }, null)))).code).toBe('ERR_IDEMPOTENCY_KEY_REQUIRED');
    const error = await failureOf(patchProfile(runtime, subject('eve', { nickname: 'x' })));
    expect(error.code).toBe('ERR_VALIDATION');
    expect(error.details.fields).toEqual(['displayName', 'avatarUrl', 'bio', 'theme', 'metadata']);
    expect((await failureOf(patchProfile(runtime, subject('eve', { avatarUrl: 'x' })))).code).toBe('ERR_INVALID_URL');
    expect((await requireProfile(runtime, 'default', 'eve')).avatarUrl).toBeNull();
  });
});

describe('DELETE /v1/profiles/{actorId}', () => {
  it('deletes with 200, replays, and 404s before the key for an unknown profile', async () => {
    await upsertProfile(runtime, mutationRequest({ actorId: 'fay', displayName: 'Fay' }));
    expect((await failureOf(removeProfile(runtime, { ...mutationRequest({}, null), actorId: 'fay', queryTenantId: undefined }))).code).toBe(
      'ERR_IDEMPOTENCY_KEY_REQUIRED',
    );
    const request = { ...mutationRequest({}), actorId: 'fay', queryTenantId: undefined };
    const result = await removeProfile(runtime, request);
    expect(result.status).toBe(200);
    expect(bodyOf(result).data).toEqual({ deleted: true, actorId: 'fay', correlationId: result.correlationId });
    expect((await removeProfile(runtime, request)).kind).toBe('replayed');
    expect((await failureOf(requireProfile(runtime, 'default', 'fay'))).code).toBe('ERR_NOT_FOUND');
    expect((await failureOf(removeProfile(runtime, { ...mutationRequest({}), actorId: 'fay', queryTenantId: undefined }))).code).toBe('ERR_NOT_FOUND');
  });
});
