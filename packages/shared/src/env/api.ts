import { parseEnvWith, type EnvSource } from './parse';
import { busEnvShape } from './bus';
import { commonEnvShape } from './common';
import { z } from 'zod';
import { parsePlanCatalog } from '../tables/plan-catalog';
import { addressListVar, boolVar, enumVar, intVar, numberVar, optionalStringVar, portVar, stringVar, urlVar } from './vars';

/** `TABLE_PLAN_CATALOG_JSON` parsed into the plan catalogue (the defaults when unset); unusable JSON stops the service. */
function planCatalogVar() {
  return optionalStringVar().transform((json, ctx) => {
    try {
      return parsePlanCatalog(json);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
}

const apiEnvShape = {
  ...commonEnvShape,
  ...busEnvShape,
  API_HOST: stringVar('0.0.0.0'),
  API_PORT: portVar(3850),
  API_AUTH_TOKEN: optionalStringVar(),
  API_AUTH_QUERY_PARAM: stringVar('apiKey'),
  OPERATOR_AUTH_TOKEN: optionalStringVar(),
  /** Browser origins allowed to call the API (comma list, `*` = any); empty = the console's dev origins, none in production. */
  API_CORS_ALLOW_ORIGINS: optionalStringVar(),
  API_RATE_LIMIT_PER_MIN: intVar(120, { min: 1 }),
  /** Proxies whose X-Forwarded-For names the client for rate limits; unset → the socket peer only. */
  TRUST_PROXY: addressListVar(),
  API_MAX_BODY_BYTES: intVar(1048576, { min: 1 }),
  API_MAX_EVENT_PAYLOAD_BYTES: intVar(65536, { min: 1024 }),
  API_IDEMPOTENCY_TTL_MS: intVar(86400000, { min: 60000 }),
  API_COMMIT_GROUP_MAX_SIZE: intVar(32, { min: 1, max: 1000 }),
  API_MAX_CHAT_MESSAGE_CHARS: intVar(120, { min: 1 }),
  API_STREAM_HEARTBEAT_MS: intVar(15000, { min: 100 }),
  /** Market-events streams one API process serves at once (those being set up included); more → 503. */
  API_STREAM_MAX_CLIENTS: intVar(1000, { min: 1 }),
  INBOX_REDIS_PREFIX: stringVar('acf'),
  PRESENCE_DEFAULT_TTL_MS: intVar(60000, { min: 1000 }),
  PRESENCE_SWEEP_MS: intVar(2000, { min: 500 }),
  EVENTS_POLL_IMPLICIT_HEARTBEAT_DEFAULT: boolVar(true),
  EVENTS_POLL_HEARTBEAT_MIN_INTERVAL_MS: intVar(20000, { min: 1000 }),
  MOD_WINDOW_MS: intVar(60000, { min: 1000 }),
  MOD_MAX_ACTIONS_PER_WINDOW: intVar(40, { min: 1 }),
  MOD_MAX_REPEATED_TEXT_PER_WINDOW: intVar(4, { min: 1 }),
  MOD_MIN_ACTION_INTERVAL_MS: intVar(150, { min: 0 }),
  MOD_COOLDOWN_MS: intVar(2000, { min: 0 }),
  MOD_REDIS_PREFIX: stringVar('cafe:moderation'),
  PRIVATE_TABLE_PAYMENT_MODE: enumVar(['stub', 'off', 'webhook'] as const, 'stub'),
  PRIVATE_TABLE_PAYMENT_STUB_PROOF: stringVar('coffee_paid'),
  PRIVATE_TABLE_PAYMENT_WEBHOOK_URL: urlVar(['http:', 'https:']),
  PRIVATE_TABLE_PAYMENT_WEBHOOK_TIMEOUT_MS: intVar(4000, { min: 250 }),
  PRIVATE_TABLE_PRICE_USD: numberVar(3.5, { min: 0 }),
  PRIVATE_TABLE_DEFAULT_SESSION_MINUTES: intVar(90, { min: 5 }),
  TABLE_SESSION_SWEEP_MS: intVar(5000, { min: 1000 }),
  /** How often expired idempotency records and old traces are deleted (docs/operations.md#retention). */
  RETENTION_SWEEP_MS: intVar(60000, { min: 1000 }),
  /** How long a trace is kept after it started; older ones are deleted by the retention sweep. */
  TRACE_RETENTION_MS: intVar(604800000, { min: 60000 }),
  TABLE_PLAN_DEFAULT_ID: stringVar('cappuccino'),
  TABLE_PLAN_CATALOG_JSON: planCatalogVar(),
  AGENTCAFE_DEFAULT_TENANT_ID: stringVar('default'),
  AGENTCAFE_DEFAULT_ROOM_ID: stringVar('main'),
  WEBHOOK_MAX_CONCURRENCY: intVar(4, { min: 1 }),
  REACTION_MAX_CONCURRENCY: intVar(4, { min: 1 }),
  /** Webhook targets on loopback/private/link-local addresses; always refused under NODE_ENV=production. */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: boolVar(true),
};

export type ApiEnv = ReturnType<typeof parseApiEnv>;

/** Parses the command API's environment (.env.example). */
export function parseApiEnv(source: EnvSource) {
  return parseEnvWith(apiEnvShape, source, {
    API_PORT: ['PORT'],
    API_AUTH_TOKEN: ['AGENTCAFE_RUNTIME_API_KEY'],
    API_MAX_CHAT_MESSAGE_CHARS: ['AGENTCAFE_MAX_CHAT_MESSAGE_CHARS'],
  });
}
