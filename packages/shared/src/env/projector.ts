import { parseEnvWith, type EnvSource } from './parse';
import { busEnvShape } from './bus';
import { commonEnvShape } from './common';
import { intVar, portVar, stringVar } from './vars';

const projectorEnvShape = {
  ...commonEnvShape,
  PROJECTOR_HOST: stringVar('0.0.0.0'),
  PROJECTOR_PORT: portVar(3852),
  PROJECTOR_START_CURSOR: intVar(0, { min: 0 }),
  PROJECTOR_REDIS_PREFIX: stringVar('acf'),
  PROJECTOR_REDIS_STREAM_MAXLEN: intVar(2000, { min: 100 }),
  PROJECTOR_REDIS_PRESENCE_TTL_SECONDS: intVar(60),
  PROJECTOR_POLL_MS: intVar(2000, { min: 10 }),
  PROJECTOR_FLUSH_MIN_INTERVAL_MS: intVar(25, { min: 0 }),
  PROJECTOR_FULL_WRITE_BYTES_PER_SEC: intVar(4_000_000, { min: 1000 }),
  ...busEnvShape,
};

export type ProjectorEnv = ReturnType<typeof parseProjectorEnv>;

/** Parses the projector's environment (.env.example). */
export function parseProjectorEnv(source: EnvSource) {
  return parseEnvWith(projectorEnvShape, source, { PROJECTOR_PORT: ['PORT'] });
}
