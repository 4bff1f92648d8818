import { describe, expect, it } from 'vitest';
import { decideReplay } from '../src/idempotency/decide-replay';
import { hashRequest } from '../src/idempotency/hash-request';
import { createReplayCache, MAX_CACHED_REPLAY_BYTES } from '../src/idempotency/replay-cache';
import { errorOf } from './helpers/error-of';

const request = { tenantId: 't', scope: 't:ada:/v1/commands/say', method: 'POST', body: { actorId: 'ada', text: 'hi' }, idempotencyKey: 'k1' };
const answer = { status: 202, body: '{"ok":true,"data":{"eventId":"e1"}}', correlationId: 'c1' };
const later = () => Date.now() + 60_000;

describe('decideReplay (docs/idempotency.md#what-a-key-covers)', () => {
  const record = { requestHash: hashRequest(request.scope, 'POST', request.body), statusCode: 202, responseBody: answer.body, correlationId: 'c1' };

  it('gives the same request the stored bytes and status', () => {
    expect(decideReplay(record, record.requestHash, request)).toEqual({ kind: 'replayed', status: 202, body: answer.body, correlationId: 'c1' });
  });

  it('refuses a different request under the key with the conflict and its details', () => {
    const error = errorOf(() => decideReplay(record, 'other', request));
    expect(error.code).toBe('ERR_IDEMPOTENCY_KEY_CONFLICT');
    expect(error.details).toEqual({ scope: request.scope, idempotencyKey: 'k1', correlationId: 'c1' });
  });
});

describe('replay cache', () => {
  it('replays a remembered answer byte for byte, whatever the body key order', () => {
    const cache = createReplayCache();
    expect(cache.replay(request)).toBeNull();
    cache.remember(request, answer, later());
    expect(cache.replay({ ...request, body: { text: 'hi', actorId: 'ada' } })).toEqual({ kind: 'replayed', status: 202, body: answer.body, correlationId: 'c1' });
    // The key is trimmed as the mutation runner trims it.
    expect(cache.replay({ ...request, idempotencyKey: ' k1 ' })?.body).toBe(answer.body);
  });

  it('throws the conflict for another body under the same key, and keys by tenant and scope', () => {
    const cache = createReplayCache();
    cache.remember(request, answer, later());
    expect(errorOf(() => cache.replay({ ...request, body: { actorId: 'ada', text: 'bye' } })).code).toBe('ERR_IDEMPOTENCY_KEY_CONFLICT');
    expect(cache.replay({ ...request, tenantId: 'u' })).toBeNull();
    expect(cache.replay({ ...request, scope: 't:bob:/v1/commands/say' })).toBeNull();
  });

  it('forgets an answer once its record expires, and never answers without a key', () => {
    const cache = createReplayCache();
    cache.remember(request, answer, Date.now() - 1);
    expect(cache.replay(request)).toBeNull();
    expect(cache.size).toBe(0);
    cache.remember({ ...request, idempotencyKey: '  ' }, answer, later());
    expect(cache.size).toBe(0);
    expect(cache.replay({ ...request, idempotencyKey: undefined })).toBeNull();
  });

  it('stays bounded: oldest answers go first, large answers are not kept', () => {
    const cache = createReplayCache(2);
    for (const key of ['a', 'b', 'c']) cache.remember({ ...request, idempotencyKey: key }, answer, later());
    expect(cache.size).toBe(2);
    expect(cache.replay({ ...request, idempotencyKey: 'a' })).toBeNull();
    expect(cache.replay({ ...request, idempotencyKey: 'c' })).not.toBeNull();
    cache.remember({ ...request, idempotencyKey: 'big' }, { ...answer, body: 'x'.repeat(MAX_CACHED_REPLAY_BYTES + 1) }, later());
    expect(cache.replay({ ...request, idempotencyKey: 'big' })).toBeNull();
  });
});
