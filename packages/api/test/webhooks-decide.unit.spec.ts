import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@cafe/shared';
import { decideAfterAttempt, effectiveRetrySettings, retryDelayMs, totalAttempts } from '../src/webhooks/retry-schedule';
import { isRefusedAddress, isSsrfGuardOn } from '../src/webhooks/ssrf-guard';
import { parseWebhookCreate, parseWebhookPatch } from '../src/webhooks/validate-webhook';
import { buildWebhookSubscription, matchesWebhook, patchWebhookSubscription, toPublicSubscription } from '../src/webhooks/webhook-subscription';
import { errorOf } from './helpers/error-of';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('retry schedule (docs/api.md#webhook-subscriptions and its Decisions)', () => {
  it('defaults to 4 attempts waiting 1 s, 2 s, 4 s', () => {
    const settings = { maxRetries: 3, backoffMs: 1000, timeoutMs: 5000 };
    expect(totalAttempts(settings)).toBe(4);
    expect([1, 2, 3].map((n) => retryDelayMs(settings, n))).toEqual([1000, 2000, 4000]);
  });

  it('honours 0 retries and clamps retries 0–10, backoff 100–60 000, timeout 500–30 000', () => {
    expect(totalAttempts({ maxRetries: 0, backoffMs: 1000, timeoutMs: 5000 })).toBe(1);
    expect(effectiveRetrySettings({ maxRetries: 99, backoffMs: 0, timeoutMs: 1 })).toEqual({ maxRetries: 10, backoffMs: 100, timeoutMs: 500 });
    expect(effectiveRetrySettings({ maxRetries: -3, backoffMs: 1e9, timeoutMs: 1e9 })).toEqual({ maxRetries: 0, backoffMs: 60_000, timeoutMs: 30_000 });
  });

  it('retries failures until the last attempt, then dead-letters with the last error', () => {
    const settings = { maxRetries: 2, backoffMs: 200, timeoutMs: 5000 };
    expect(decideAfterAttempt(settings, 1, { ok: true, statusCode: 204 })).toEqual({ kind: 'delivered' });
    expect(decideAfterAttempt(settings, 1, { ok: false, error: 'HTTP 500' })).toEqual({ kind: 'retry', delayMs: 200 });
    expect(decideAfterAttempt(settings, 2, { ok: false, error: 'HTTP 500' })).toEqual({ kind: 'retry', delayMs: 400 });
    expect(decideAfterAttempt(settings, 3, { ok: false, error: 'timeout' })).toEqual({ kind: 'dead', error: 'timeout' });
  });
});

describe('SSRF guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fc00::1', 'fd00:ec2::254', '::ffff:127.0.0.1', 'not-an-ip'])('refuses %s', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(isRefusedAddress(address)).toBe(false);
  });

  it('is on in production whatever the flag, and elsewhere only when private targets are not allowed', () => {
    expect(isSsrfGuardOn({ NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_TARGETS: true })).toBe(true);
    expect(isSsrfGuardOn({ NODE_ENV: 'development', WEBHOOK_ALLOW_PRIVATE_TARGETS: true })).toBe(false);
    expect(isSsrfGuardOn({ NODE_ENV: 'development', WEBHOOK_ALLOW_PRIVATE_TARGETS: false })).toBe(true);
  });
});

describe('webhook create/patch validation (docs/api.md#webhook-subscriptions)', () => {
  it('requires an absolute http(s) targetUrl', () => {
    expect(errorOf(() => parseWebhookCreate({})).code).toBe('ERR_MISSING_FIELD');
    expect(errorOf(() => parseWebhookCreate({ targetUrl: 'not a url' })).details).toMatchObject({ field: 'targetUrl', value: 'not a url' });
    expect(errorOf(() => parseWebhookCreate({ targetUrl: 'ftp://x.example/' })).code).toBe('ERR_INVALID_URL');
  });

  it('normalises event types, empty meaning all, and refuses unknown types', () => {
    expect(parseWebhookCreate({ targetUrl: 'https://x.example/h', eventTypes: [' agent_entered ', '', 'agent_entered'] }).eventTypes).toEqual(['agent_entered']);
    expect(parseWebhookCreate({ targetUrl: 'https://x.example/h', eventTypes: [] }).eventTypes).toEqual(['*']);
    expect(errorOf(() => parseWebhookCreate({ targetUrl: 'https://x.example/h', eventTypes: 'agent_entered' })).code).toBe('ERR_VALIDATION');
    expect(errorOf(() => parseWebhookCreate({ targetUrl: 'https://x.example/h', eventTypes: ['agent_entred'] })).details).toMatchObject({ field: 'eventTypes', value: 'agent_entred' });
  });

  it('checks the types of secret, filters and metadata; numbers fall back to defaults', () => {
    expect(errorOf(() => parseWebhookCreate({ targetUrl: 'https://x.example/h', secret: 5 })).details).toMatchObject({ field: 'secret' });
    expect(errorOf(() => parseWebhookCreate({ targetUrl: 'https://x.example/h', roomId: 5 })).details).toMatchObject({ field: 'roomId' });
    expect(errorOf(() => parseWebhookCreate({ targetUrl: 'https://x.example/h', metadata: [] })).details).toMatchObject({ field: 'metadata' });
    expect(parseWebhookPatch({ maxRetries: 'lots', backoffMs: '250', timeoutMs: 0 })).toEqual({ maxRetries: 3, backoffMs: 250, timeoutMs: 0 });
  });

  it('builds a subscription with defaults and a generated secret; a blank patched secret is regenerated', () => {
    const created = buildWebhookSubscription('t', parseWebhookCreate({ targetUrl: 'https://x.example/h' }), now);
    expect(created).toMatchObject({ tenantId: 't', roomId: null, actorId: null, eventTypes: ['*'], enabled: true, maxRetries: 3, backoffMs: 1000, timeoutMs: 5000, metadata: {} });
    expect(created.secret).toMatch(/^whsec_/);
    const later = new Date(now.getTime() + 1000);
    const patched = patchWebhookSubscription(created, parseWebhookPatch({ secret: '  ', enabled: 0, tenantId: 'other' }), later);
    expect(patched).toMatchObject({ tenantId: 't', enabled: false, updatedAt: later.toISOString() });
    expect(patched.secret).not.toBe(created.secret);
    expect(toPublicSubscription(patched).secret).toMatch(/^whsec_…/);
  });
});

describe('matching (docs/api.md#webhook-subscriptions: roomId null = every room)', () => {
  const event = { eventId: 'e', sequence: 1, tenantId: 't', roomId: 'main', actorId: 'ada', type: 'agent_entered', timestamp: now.toISOString(), payload: {}, correlationId: 'c', causationId: null } satisfies EventEnvelope;
  const subscription = buildWebhookSubscription('t', { targetUrl: 'https://x.example/h' }, new Date(now.getTime() - 1000));

  it('matches every room and author of the tenant when no filter is set', () => {
    expect(matchesWebhook(subscription, event)).toBe(true);
    expect(matchesWebhook(subscription, { ...event, roomId: 'corner' })).toBe(true);
  });

  it('filters on tenant, enabled, type, room and author, and skips events older than the subscription', () => {
    expect(matchesWebhook(subscription, { ...event, tenantId: 'u' })).toBe(false);
    expect(matchesWebhook({ ...subscription, enabled: false }, event)).toBe(false);
    expect(matchesWebhook({ ...subscription, eventTypes: ['agent_left'] }, event)).toBe(false);
    expect(matchesWebhook({ ...subscription, roomId: 'corner' }, event)).toBe(false);
    expect(matchesWebhook({ ...subscription, actorId: 'bob' }, event)).toBe(false);
    expect(matchesWebhook({ ...subscription, actorId: 'ada', roomId: 'main', eventTypes: ['agent_entered'] }, event)).toBe(true);
    expect(matchesWebhook(subscription, { ...event, timestamp: new Date(now.getTime() - 5000).toISOString() })).toBe(false);
  });
});
