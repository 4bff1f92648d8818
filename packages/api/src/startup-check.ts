import type { ApiEnv } from '@cafe/shared';

/**
 * In production the API refuses to start open: without API_AUTH_TOKEN anyone can call it, and
 * without OPERATOR_AUTH_TOKEN anyone can grant themselves `canModerate` (POST /v1/permissions).
 * Returns the one line to print, or null when fine.
 */
export function findStartupProblem(env: Pick<ApiEnv, 'NODE_ENV' | 'API_AUTH_TOKEN' | 'OPERATOR_AUTH_TOKEN'>): string | null {
  if (env.NODE_ENV !== 'production') return null;
  const missing = [
    ...(env.API_AUTH_TOKEN ? [] : ['API_AUTH_TOKEN (or AGENTCAFE_RUNTIME_API_KEY)']),
    ...(env.OPERATOR_AUTH_TOKEN ? [] : ['OPERATOR_AUTH_TOKEN']),
  ];
  if (missing.length === 0) return null;
  return `Invalid environment: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required when NODE_ENV=production`;
}
