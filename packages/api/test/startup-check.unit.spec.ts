import { describe, expect, it } from 'vitest';
import { findStartupProblem } from '../src/startup-check';

describe('production start-up check', () => {
  it('requires both tokens in production, naming the missing ones in one line', () => {
    expect(findStartupProblem({ NODE_ENV: 'production', API_AUTH_TOKEN: undefined, OPERATOR_AUTH_TOKEN: undefined })).toBe(
      'Invalid environment: API_AUTH_TOKEN (or AGENTCAFE_RUNTIME_API_KEY) and OPERATOR_AUTH_TOKEN are required when NODE_ENV=production',
    );
    expect(findStartupProblem({ NODE_ENV: 'production', API_AUTH_TOKEN: 'a', OPERATOR_AUTH_TOKEN: undefined })).toBe(
      'Invalid environment: OPERATOR_AUTH_TOKEN is required when NODE_ENV=production',
    );
    expect(findStartupProblem({ NODE_ENV: 'production', API_AUTH_TOKEN: undefined, OPERATOR_AUTH_TOKEN: 'o' })).toMatch(/^Invalid environment: API_AUTH_TOKEN .* is required/);
    expect(findStartupProblem({ NODE_ENV: 'production', API_AUTH_TOKEN: 'a', OPERATOR_AUTH_TOKEN: 'o' })).toBeNull();
  });

  it('lets development and test run open', () => {
    expect(findStartupProblem({ NODE_ENV: 'development', API_AUTH_TOKEN: undefined, OPERATOR_AUTH_TOKEN: undefined })).toBeNull();
    expect(findStartupProblem({ NODE_ENV: 'test', API_AUTH_TOKEN: undefined, OPERATOR_AUTH_TOKEN: undefined })).toBeNull();
  });
});
