import type { FlexEnv } from '@cafe/shared';

/**
 * docs/flex-registry.md#environment: in production the registry refuses to start without an API key (an open
 * registry would let anyone announce capabilities). The OpenAI key is not required: the
 * registry itself never calls a model. Returns the one line to print, or null when fine.
 */
export function findStartupProblem(env: Pick<FlexEnv, 'NODE_ENV' | 'FLEX_API_KEY'>): string | null {
  if (env.NODE_ENV === 'production' && !env.FLEX_API_KEY) {
    return 'Invalid environment: FLEX_API_KEY (or API_KEY) is required when NODE_ENV=production';
  }
  return null;
}
