import { describe, expect, it } from 'vitest';
import { findStartupProblem } from '../src/startup-check';

describe('production start-up check (docs/flex-registry.md#environment)', () => {
  it('requires an API key in production only', () => {
    expect(findStartupProblem({ NODE_ENV: 'production', FLEX_API_KEY: undefined })).toMatch(/FLEX_API_KEY/);
    expect(findStartupProblem({ NODE_ENV: 'production', FLEX_API_KEY: 'k' })).toBeNull();
    expect(findStartupProblem({ NODE_ENV: 'development', FLEX_API_KEY: undefined })).toBeNull();
    expect(findStartupProblem({ NODE_ENV: 'test', FLEX_API_KEY: undefined })).toBeNull();
  });
});
