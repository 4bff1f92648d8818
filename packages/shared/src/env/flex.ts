import { parseEnvWith, type EnvSource } from './parse';
import { commonEnvShape } from './common';
import { intVar, logLevelVar, optionalStringVar, portVar, stringVar, urlVar } from './vars';

const flexEnvShape = {
  ...commonEnvShape,
  FLEX_HOST: stringVar('0.0.0.0'),
  FLEX_SERVER_PORT: portVar(3003),
  FLEX_DATABASE_URL: urlVar(['postgres:', 'postgresql:']),
  FLEX_API_KEY: optionalStringVar(),
  FLEX_CAPABILITY_CACHE_TTL_MS: intVar(5000),
  FLEX_LOG_LEVEL: logLevelVar('info'),
  FLEX_OPENAI_API_KEY: optionalStringVar(),
  FLEX_OPENAI_DEFAULT_MODEL: stringVar('gpt-4o'),
  FLEX_DEREGISTER_AFTER_SECONDS: intVar(0, { min: 0 }),
  CORS_ALLOW_ORIGINS: optionalStringVar(),
  API_V1_DEPRECATION_START: optionalStringVar(),
  API_V1_SUNSET: optionalStringVar(),
};

export type FlexEnv = ReturnType<typeof parseFlexEnv>;

/** Parses the flex capability registry's environment (.env.example, docs/flex-registry.md#auth-cors-headers-logs). */
export function parseFlexEnv(source: EnvSource) {
  const env = parseEnvWith(flexEnvShape, source, {
    FLEX_SERVER_PORT: ['PORT'],
    FLEX_DATABASE_URL: ['DATABASE_URL'],
    FLEX_API_KEY: ['API_KEY'],
    FLEX_LOG_LEVEL: ['LOG_LEVEL'],
    FLEX_OPENAI_API_KEY: ['OPENAI_API_KEY'],
    FLEX_OPENAI_DEFAULT_MODEL: ['OPENAI_DEFAULT_MODEL', 'OPENAI_MODEL'],
    CORS_ALLOW_ORIGINS: ['CORS_ALLOWLIST'],
  });
  // A negative cache TTL means "reload on every call" (docs/flex-registry.md#find-capabilities).
  return { ...env, FLEX_CAPABILITY_CACHE_TTL_MS: Math.max(0, env.FLEX_CAPABILITY_CACHE_TTL_MS) };
}
