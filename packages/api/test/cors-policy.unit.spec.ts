import { describe, expect, it } from 'vitest';
import { apiCorsHeadersFor, CONSOLE_DEV_ORIGINS, isPreflight, resolveApiCorsOrigins } from '../src/cors/cors-policy';

describe('API CORS allow-list (operator console)', () => {
  it('allows the console at its default address outside production, nothing in production unless configured', () => {
    expect(resolveApiCorsOrigins(undefined, 'development')).toEqual(CONSOLE_DEV_ORIGINS);
    expect(CONSOLE_DEV_ORIGINS).toContain('http://127.0.0.1:3851');
    expect(resolveApiCorsOrigins(undefined, 'production')).toEqual([]);
    expect(resolveApiCorsOrigins(' https://ops.example , ,https://b.example', 'production')).toEqual(['https://ops.example', 'https://b.example']);
  });

  it('lets the console send its token, idempotency key and JSON body', () => {
    const headers = apiCorsHeadersFor('https://ops.example');
    expect(headers['access-control-allow-origin']).toBe('https://ops.example');
    expect(headers.vary).toBe('Origin');
    expect(headers['access-control-allow-headers'].split(',')).toEqual(expect.arrayContaining(['x-api-key', 'authorization', 'idempotency-key', 'content-type']));
    expect(headers['access-control-allow-methods'].split(',')).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE']));
  });

  it('treats only OPTIONS naming a method as a preflight', () => {
    expect(isPreflight('OPTIONS', 'POST')).toBe(true);
    expect(isPreflight('OPTIONS', undefined)).toBe(false);
    expect(isPreflight('POST', 'POST')).toBe(false);
  });
});
