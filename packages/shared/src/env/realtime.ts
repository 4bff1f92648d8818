import { parseEnvWith, type EnvSource } from './parse';
import { busEnvShape } from './bus';
import { commonEnvShape } from './common';
import { intVar, optionalStringVar, portVar, stringVar, urlVarWithDefault } from './vars';

const realtimeEnvShape = {
  ...commonEnvShape,
  REALTIME_HOST: stringVar('0.0.0.0'),
  REALTIME_PORT: portVar(3851),
  REALTIME_HEARTBEAT_MS: intVar(15000, { min: 100 }),
  REALTIME_ROOM_HISTORY_LIMIT: intVar(500, { min: 1 }),
  REALTIME_DEFAULT_TENANT_ID: stringVar('default'),
  // Contract variable of the original runtime (its replay read Redis keys under this prefix);
  // accepted and validated, read by nothing: replay comes from memory and Postgres.
  REALTIME_REDIS_PREFIX: stringVar('acf'),
  REALTIME_MAX_CLIENTS: intVar(5000, { min: 1 }),
  REALTIME_CLIENT_BUFFER_BYTES: intVar(1048576, { min: 4096 }),
  ...busEnvShape,
  API_AUTH_TOKEN: optionalStringVar(),
  API_AUTH_QUERY_PARAM: stringVar('apiKey'),
  /** The operator's token opens the stream too (the console sends it). */
  OPERATOR_AUTH_TOKEN: optionalStringVar(),
  /** Where the operator console (GET /) sends its API calls, as the browser sees it. */
  REALTIME_CONSOLE_API_URL: urlVarWithDefault('http://127.0.0.1:3850'),
};

export type RealtimeEnv = ReturnType<typeof parseRealtimeEnv>;

/** Parses the realtime fanout's environment (.env.example). */
export function parseRealtimeEnv(source: EnvSource) {
  return parseEnvWith(realtimeEnvShape, source, {
    REALTIME_PORT: ['PORT'],
    API_AUTH_TOKEN: ['AGENTCAFE_RUNTIME_API_KEY'],
  });
}
