import { describe, expect, it } from 'vitest';
import { parseCapabilityQuery } from '@cafe/shared';
import { isOriginAllowed } from '@cafe/http';
import { decideAuth } from '../src/http/auth-policy';
import { corsHeadersFor, DEV_DEFAULT_ORIGINS, resolveAllowedOrigins } from '../src/http/cors-policy';
import { deprecationHeaders } from '../src/http/deprecation';

describe('auth (docs/flex-registry.md#auth-cors-headers-logs)', () => {
  const request = (method: string, path: string, authorization?: string) => ({ method, path, authorization });

  it('is off without a key, and outside /api/', () => {
    expect(decideAuth(request('POST', '/api/v1/flex/capabilities/register'), undefined)).toEqual({ kind: 'allow' });
    expect(decideAuth(request('GET', '/health'), 'k')).toEqual({ kind: 'allow' });
  });

  it('lets OPTIONS and GET /api/v1/health through; health/db stays protected', () => {
    expect(decideAuth(request('OPTIONS', '/api/v1/flex/capabilities/register'), 'k').kind).toBe('allow');
    expect(decideAuth(request('GET', '/api/v1/health'), 'k').kind).toBe('allow');
    expect(decideAuth(request('POST', '/api/v1/health'), 'k').kind).toBe('reject');
    expect(decideAuth(request('GET', '/api/v1/health/db'), 'k').kind).toBe('reject');
  });

  it('401 without an exact "Bearer " scheme, 403 for a wrong key, allow for the right one', () => {
    expect(decideAuth(request('GET', '/api/v1/health/db'), 'k')).toMatchObject({ statusCode: 401, statusMessage: 'Missing bearer token' });
    expect(decideAuth(request('GET', '/api/v1/health/db', 'bearer k'), 'k')).toMatchObject({ statusCode: 401 });
    expect(decideAuth(request('GET', '/api/v1/health/db', 'Basic k'), 'k')).toMatchObject({ statusCode: 401 });
    expect(decideAuth(request('GET', '/api/v1/health/db', 'Bearer nope'), 'k')).toMatchObject({ statusCode: 403, statusMessage: 'Invalid API key' });
    expect(decideAuth(request('GET', '/api/v1/health/db', 'Bearer k'), 'k')).toEqual({ kind: 'allow' });
  });
});

describe('CORS (docs/flex-registry.md#auth-cors-headers-logs)', () => {
  it('uses the configured list, else dev defaults, none in production', () => {
    expect(resolveAllowedOrigins(' https://a.example , https://b.example ', 'production')).toEqual(['https://a.example', 'https://b.example']);
    expect(resolveAllowedOrigins(undefined, 'development')).toEqual(DEV_DEFAULT_ORIGINS);
    expect(resolveAllowedOrigins('', 'production')).toEqual([]);
  });

  it('allows listed origins, or any with *', () => {
    expect(isOriginAllowed('https://a.example', ['https://a.example'])).toBe(true);
    expect(isOriginAllowed('https://evil.example', ['https://a.example'])).toBe(false);
    expect(isOriginAllowed('https://evil.example', ['*'])).toBe(true);
    expect(isOriginAllowed(undefined, ['*'])).toBe(false);
    expect(corsHeadersFor('https://a.example')).toEqual({
      vary: 'Origin',
      'access-control-allow-origin': 'https://a.example',
      'access-control-allow-methods': 'GET,POST,OPTIONS',
      'access-control-allow-headers': 'content-type,authorization,x-correlation-id',
      'access-control-max-age': '600',
    });
  });
});

describe('deprecation headers (docs/flex-registry.md#auth-cors-headers-logs)', () => {
  it('only with API_V1_DEPRECATION_START and only on /api/v1*', () => {
    expect(deprecationHeaders('/api/v1/health', undefined, '2027-01-01')).toEqual({});
    expect(deprecationHeaders('/health', '2026-01-01', undefined)).toEqual({});
    expect(deprecationHeaders('/api/v1/health', '2026-01-01', undefined)).toEqual({ deprecation: 'true', link: '</docs/changelog#v1>; rel="deprecation"' });
    expect(deprecationHeaders('/api/v1/x', '2026-01-01', 'Wed, 01 Dec 2027 00:00:00 GMT').sunset).toBe('Wed, 01 Dec 2027 00:00:00 GMT');
  });
});

describe('list query', () => {
  it('defaults status to active and splits capabilityIds', () => {
    const parsed = parseCapabilityQuery({ capabilityIds: ['a,b', ' c '], language: 'en', unknown: 'x' });
    expect(parsed).toEqual({ success: true, data: { status: 'active', capabilityIds: ['a', 'b', 'c'], language: 'en' } });
  });

  it('rejects unknown statuses, contract modes, and repeated single-valued criteria', () => {
    for (const query of [{ status: 'gone' }, { contractMode: 'xml' }, { language: ['en', 'fr'] }, { capabilityIds: ',' }]) {
      const parsed = parseCapabilityQuery(query);
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(Object.keys(parsed.issues.fieldErrors)).toHaveLength(1);
    }
  });
});
