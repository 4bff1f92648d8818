import { parseEnvWith, type EnvSource } from './parse';
import { commonEnvShape } from './common';
import { portVar, stringVar } from './vars';

const launcherEnvShape = {
  ...commonEnvShape,
  EMBEDDED_PG_PORT: portVar(54329),
  EMBEDDED_PG_DATA_DIR: stringVar('.data/postgres'),
  EMBEDDED_PG_USER: stringVar('cafe'),
  EMBEDDED_PG_PASSWORD: stringVar('cafe'),
  EMBEDDED_PG_DATABASE: stringVar('cafe'),
};

export type LauncherEnv = ReturnType<typeof parseLauncherEnv>;

/** Parses the dev launcher's environment: the embedded Postgres used when DATABASE_URL is unset. */
export function parseLauncherEnv(source: EnvSource) {
  return parseEnvWith(launcherEnvShape, source);
}
