import { secretsEqual } from '@cafe/http';

export type AuthDecision =
  | { kind: 'allow' }
  | { kind: 'reject'; statusCode: 401; statusMessage: 'Missing bearer token' }
  | { kind: 'reject'; statusCode: 403; statusMessage: 'Invalid API key' };

export interface AuthRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

/**
 * docs/flex-registry.md#auth-cors-headers-logs: only `/api/` paths are checked, and only when a key is set;
 * OPTIONS and `GET /api/v1/health` pass; the header must read exactly `Bearer <key>`; keys
 * are compared in constant time.
 */
export function decideAuth(request: AuthRequest, apiKey: string | undefined): AuthDecision {
  if (!apiKey || request.method === 'OPTIONS' || !request.path.startsWith('/api/')) return { kind: 'allow' };
  if (request.method === 'GET' && request.path === '/api/v1/health') return { kind: 'allow' };
  const header = request.authorization ?? '';
  if (!header.startsWith('Bearer ')) return { kind: 'reject', statusCode: 401, statusMessage: 'Missing bearer token' };
  if (!secretsEqual(header.slice('Bearer '.length), apiKey)) {
    return { kind: 'reject', statusCode: 403, statusMessage: 'Invalid API key' };
  }
  return { kind: 'allow' };
}
