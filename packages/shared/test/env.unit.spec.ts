import { describe, expect, it } from 'vitest';
import {
  EnvError,
  parseApiEnv,
  parseFlexEnv,
  parseLauncherEnv,
  parseProjectorEnv,
  parseRealtimeEnv,
  readEventPayloadCheck,
} from '../src/index';

/** Catches the EnvError a parser throws, failing the test when it does not throw one. */
function envErrorOf(parse: () => unknown): EnvError {
  try {
    parse();
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('api env', () => {
  it('applies the defaults of .env.example to an empty environment', () => {
    const env = parseApiEnv({});
    expect(env).toMatchObject({
      API_HOST: '0.0.0.0',
      API_PORT: 3850,
      API_AUTH_QUERY_PARAM: 'apiKey',
      API_RATE_LIMIT_PER_MIN: 120,
      API_MAX_BODY_BYTES: 1048576,
      API_IDEMPOTENCY_TTL_MS: 86400000,
      API_MAX_CHAT_MESSAGE_CHARS: 120,
      API_STREAM_HEARTBEAT_MS: 15000,
      API_STREAM_MAX_CLIENTS: 1000,
      BUS_HISTORY_MAX_BYTES: 67108864,
      BUS_SUBSCRIBER_MAX_BUFFERED_BYTES: 16777216,
      RETENTION_SWEEP_MS: 60000,
      TRACE_RETENTION_MS: 604800000,
      API_DB_AUTO_MIGRATE: true,
      API_DB_MIGRATION_LOCK_KEY: 942516431,
      API_DB_REQUIRED: false,
      PG_POOL_MAX: 10,
      PG_IDLE_TIMEOUT_MS: 30000,
      DB_HORIZON_STUCK_MS: 30000,
      INBOX_REDIS_PREFIX: 'acf',
      PRESENCE_DEFAULT_TTL_MS: 60000,
      PRESENCE_SWEEP_MS: 2000,
      EVENTS_POLL_IMPLICIT_HEARTBEAT_DEFAULT: true,
      EVENTS_POLL_HEARTBEAT_MIN_INTERVAL_MS: 20000,
      MOD_WINDOW_MS: 60000,
      MOD_MAX_ACTIONS_PER_WINDOW: 40,
      MOD_MAX_REPEATED_TEXT_PER_WINDOW: 4,
      MOD_MIN_ACTION_INTERVAL_MS: 150,
      MOD_COOLDOWN_MS: 2000,
      PRIVATE_TABLE_PAYMENT_MODE: 'stub',
      PRIVATE_TABLE_PAYMENT_STUB_PROOF: 'coffee_paid',
      PRIVATE_TABLE_PAYMENT_WEBHOOK_TIMEOUT_MS: 4000,
      PRIVATE_TABLE_PRICE_USD: 3.5,
      PRIVATE_TABLE_DEFAULT_SESSION_MINUTES: 90,
      TABLE_SESSION_SWEEP_MS: 5000,
      TABLE_PLAN_DEFAULT_ID: 'cappuccino',
      AGENTCAFE_DEFAULT_TENANT_ID: 'default',
      AGENTCAFE_DEFAULT_ROOM_ID: 'main',
      WEBHOOK_MAX_CONCURRENCY: 4,
      REACTION_MAX_CONCURRENCY: 4,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      CAFE_POSTGRES_MODE: 'external',
    });
    expect(env.API_AUTH_TOKEN).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('reads TRUST_PROXY as a list of addresses and CIDR blocks, empty when unset, and refuses anything else', () => {
    expect(parseApiEnv({}).TRUST_PROXY).toEqual([]);
    expect(parseApiEnv({ TRUST_PROXY: ' 10.0.0.0/8 , 192.0.2.7,::1 ,' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.0.2.7', '::1']);
    expect(envErrorOf(() => parseApiEnv({ TRUST_PROXY: '10.0.0.1,proxy.local' })).message).toContain('TRUST_PROXY');
    expect(envErrorOf(() => parseApiEnv({ TRUST_PROXY: '10.0.0.0/33' })).message).toContain('TRUST_PROXY');
  });

  it('treats blank values as unset', () => {
    const env = parseApiEnv({ API_PORT: '', API_AUTH_TOKEN: '   ', API_RATE_LIMIT_PER_MIN: ' ' });
    expect(env.API_PORT).toBe(3850);
    expect(env.API_AUTH_TOKEN).toBeUndefined();
    expect(env.API_RATE_LIMIT_PER_MIN).toBe(120);
  });

  it('raises values below a floor to the floor instead of rejecting them', () => {
    const env = parseApiEnv({
      API_IDEMPOTENCY_TTL_MS: '1000',
      PG_POOL_MAX: '0',
      PG_IDLE_TIMEOUT_MS: '5',
      PRESENCE_SWEEP_MS: '1',
      MOD_WINDOW_MS: '10',
      PRIVATE_TABLE_PRICE_USD: '-2',
      PRIVATE_TABLE_DEFAULT_SESSION_MINUTES: '1',
    });
    expect(env.API_IDEMPOTENCY_TTL_MS).toBe(60000);
    expect(env.PG_POOL_MAX).toBe(1);
    expect(env.PG_IDLE_TIMEOUT_MS).toBe(1000);
    expect(env.PRESENCE_SWEEP_MS).toBe(500);
    expect(env.MOD_WINDOW_MS).toBe(1000);
    expect(env.PRIVATE_TABLE_PRICE_USD).toBe(0);
    expect(env.PRIVATE_TABLE_DEFAULT_SESSION_MINUTES).toBe(5);
  });

  it('falls back from API_PORT to PORT, and API_PORT wins when both are set', () => {
    expect(parseApiEnv({ PORT: '4000' }).API_PORT).toBe(4000);
    expect(parseApiEnv({ PORT: '4000', API_PORT: '4100' }).API_PORT).toBe(4100);
  });

  it('falls back from API_AUTH_TOKEN to AGENTCAFE_RUNTIME_API_KEY', () => {
    expect(parseApiEnv({ AGENTCAFE_RUNTIME_API_KEY: 'k1' }).API_AUTH_TOKEN).toBe('k1');
    expect(parseApiEnv({ AGENTCAFE_RUNTIME_API_KEY: 'k1', API_AUTH_TOKEN: 'k2' }).API_AUTH_TOKEN).toBe('k2');
    expect(parseApiEnv({ AGENTCAFE_RUNTIME_API_KEY: 'k1', API_AUTH_TOKEN: '' }).API_AUTH_TOKEN).toBe('k1');
  });

  it('falls back from API_MAX_CHAT_MESSAGE_CHARS to AGENTCAFE_MAX_CHAT_MESSAGE_CHARS', () => {
    expect(parseApiEnv({ AGENTCAFE_MAX_CHAT_MESSAGE_CHARS: '300' }).API_MAX_CHAT_MESSAGE_CHARS).toBe(300);
    expect(parseApiEnv({ AGENTCAFE_MAX_CHAT_MESSAGE_CHARS: '0' }).API_MAX_CHAT_MESSAGE_CHARS).toBe(1);
  });

  it('rejects API_PORT=abc with an EnvError whose one-line message names API_PORT', () => {
    const error = envErrorOf(() => parseApiEnv({ API_PORT: 'abc' }));
    expect(error.variable).toBe('API_PORT');
    expect(error.message).toContain('API_PORT');
    expect(error.message).toContain('"abc"');
    expect(error.message).not.toContain('\n');
  });

  it('names the fallback variable that actually carried a bad value', () => {
    const error = envErrorOf(() => parseApiEnv({ PORT: 'abc' }));
    expect(error.variable).toBe('API_PORT');
    expect(error.message).toContain('PORT');
    expect(error.message).toMatch(/from PORT/);
  });

  it.each([
    ['API_PORT', '70000', /at most 65535/],
    ['API_PORT', '3850.5', /integer/],
    ['API_PORT', '-1', /at least 0/],
    ['API_RATE_LIMIT_PER_MIN', 'lots', /integer/],
    ['API_DB_AUTO_MIGRATE', 'maybe', /true or false/],
    ['PRIVATE_TABLE_PAYMENT_MODE', 'card', /stub, off, webhook/],
    ['PRIVATE_TABLE_PAYMENT_WEBHOOK_URL', 'ftp://x', /URL/],
    ['DATABASE_URL', 'mysql://localhost/x', /URL/],
    ['REDIS_URL', 'not a url', /URL/],
    ['LOG_LEVEL', 'loud', /one of/],
  ])('rejects %s=%s naming the variable', (variable, value, problem) => {
    const error = envErrorOf(() => parseApiEnv({ [variable]: value }));
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Invalid environment: ${variable} `));
    expect(error.message).toMatch(problem);
  });

  it('accepts surrounding whitespace around numbers', () => {
    expect(parseApiEnv({ API_PORT: ' 3900 ' }).API_PORT).toBe(3900);
    expect(parseApiEnv({ PRIVATE_TABLE_PRICE_USD: ' 4.25 ' }).PRIVATE_TABLE_PRICE_USD).toBe(4.25);
  });

  it('reads "true unless false" booleans case-insensitively', () => {
    expect(parseApiEnv({ API_DB_AUTO_MIGRATE: 'FALSE' }).API_DB_AUTO_MIGRATE).toBe(false);
    expect(parseApiEnv({ API_DB_AUTO_MIGRATE: 'True' }).API_DB_AUTO_MIGRATE).toBe(true);
    expect(parseApiEnv({ EVENTS_POLL_IMPLICIT_HEARTBEAT_DEFAULT: 'false' }).EVENTS_POLL_IMPLICIT_HEARTBEAT_DEFAULT).toBe(false);
    expect(parseApiEnv({ API_DB_REQUIRED: 'true' }).API_DB_REQUIRED).toBe(true);
  });

  it('lower-cases enum values', () => {
    expect(parseApiEnv({ PRIVATE_TABLE_PAYMENT_MODE: 'WEBHOOK' }).PRIVATE_TABLE_PAYMENT_MODE).toBe('webhook');
    expect(parseApiEnv({ NODE_ENV: 'Production' }).NODE_ENV).toBe('production');
  });

  it('accepts postgres and redis URLs', () => {
    const env = parseApiEnv({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/cafe', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(env.DATABASE_URL).toBe('postgres://u:p@127.0.0.1:5432/cafe');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });
});

describe('realtime env', () => {
  it('has its defaults and falls back to PORT and AGENTCAFE_RUNTIME_API_KEY', () => {
    expect(parseRealtimeEnv({})).toMatchObject({
      REALTIME_HOST: '0.0.0.0',
      REALTIME_PORT: 3851,
      REALTIME_HEARTBEAT_MS: 15000,
      REALTIME_ROOM_HISTORY_LIMIT: 500,
      REALTIME_DEFAULT_TENANT_ID: 'default',
      REALTIME_REDIS_PREFIX: 'acf',
      API_AUTH_QUERY_PARAM: 'apiKey',
    });
    expect(parseRealtimeEnv({ PORT: '4001' }).REALTIME_PORT).toBe(4001);
    expect(parseRealtimeEnv({ AGENTCAFE_RUNTIME_API_KEY: 'k' }).API_AUTH_TOKEN).toBe('k');
  });

  it('names REALTIME_PORT when it is not a port', () => {
    expect(envErrorOf(() => parseRealtimeEnv({ REALTIME_PORT: 'x' })).variable).toBe('REALTIME_PORT');
  });
});

describe('projector env', () => {
  it('has its defaults, floors and PORT fallback', () => {
    expect(parseProjectorEnv({})).toMatchObject({
      PROJECTOR_PORT: 3852,
      PROJECTOR_START_CURSOR: 0,
      PROJECTOR_REDIS_PREFIX: 'acf',
      PROJECTOR_REDIS_STREAM_MAXLEN: 2000,
      PROJECTOR_REDIS_PRESENCE_TTL_SECONDS: 60,
      PROJECTOR_POLL_MS: 2000,
    });
    expect(parseProjectorEnv({ PROJECTOR_REDIS_STREAM_MAXLEN: '5' }).PROJECTOR_REDIS_STREAM_MAXLEN).toBe(100);
    expect(parseProjectorEnv({ PORT: '4002' }).PROJECTOR_PORT).toBe(4002);
  });
});

describe('flex env', () => {
  it('has the defaults of docs/flex-registry.md#auth-cors-headers-logs', () => {
    expect(parseFlexEnv({})).toMatchObject({
      FLEX_SERVER_PORT: 3003,
      FLEX_CAPABILITY_CACHE_TTL_MS: 5000,
      FLEX_LOG_LEVEL: 'info',
      FLEX_OPENAI_DEFAULT_MODEL: 'gpt-4o',
      NODE_ENV: 'development',
    });
    const env = parseFlexEnv({});
    expect(env.FLEX_DATABASE_URL).toBeUndefined();
    expect(env.FLEX_API_KEY).toBeUndefined();
    expect(env.CORS_ALLOW_ORIGINS).toBeUndefined();
  });

  it('follows every fallback chain', () => {
    const env = parseFlexEnv({
      PORT: '4003',
      DATABASE_URL: 'postgres://a@127.0.0.1/x',
      API_KEY: 'key',
      LOG_LEVEL: 'debug',
      OPENAI_API_KEY: 'sk',
      OPENAI_MODEL: 'm2',
      CORS_ALLOWLIST: 'http://a',
    });
    expect(env).toMatchObject({
      FLEX_SERVER_PORT: 4003,
      FLEX_DATABASE_URL: 'postgres://a@127.0.0.1/x',
      FLEX_API_KEY: 'key',
      FLEX_LOG_LEVEL: 'debug',
      FLEX_OPENAI_API_KEY: 'sk',
      FLEX_OPENAI_DEFAULT_MODEL: 'm2',
      CORS_ALLOW_ORIGINS: 'http://a',
    });
    expect(parseFlexEnv({ OPENAI_MODEL: 'm2', OPENAI_DEFAULT_MODEL: 'm1' }).FLEX_OPENAI_DEFAULT_MODEL).toBe('m1');
  });

  it('prefers the FLEX_ variables over their fallbacks', () => {
    const env = parseFlexEnv({
      FLEX_SERVER_PORT: '3010',
      PORT: '4003',
      FLEX_DATABASE_URL: 'postgres://flex@127.0.0.1/f',
      DATABASE_URL: 'postgres://a@127.0.0.1/x',
      FLEX_API_KEY: 'fk',
      API_KEY: 'k',
      FLEX_LOG_LEVEL: 'warn',
      LOG_LEVEL: 'debug',
      FLEX_OPENAI_DEFAULT_MODEL: 'm0',
      OPENAI_DEFAULT_MODEL: 'm1',
      CORS_ALLOW_ORIGINS: '*',
      CORS_ALLOWLIST: 'http://a',
    });
    expect(env).toMatchObject({
      FLEX_SERVER_PORT: 3010,
      FLEX_DATABASE_URL: 'postgres://flex@127.0.0.1/f',
      FLEX_API_KEY: 'fk',
      FLEX_LOG_LEVEL: 'warn',
      FLEX_OPENAI_DEFAULT_MODEL: 'm0',
      CORS_ALLOW_ORIGINS: '*',
    });
  });

  it('turns a negative cache TTL into 0 (reload on every call)', () => {
    expect(parseFlexEnv({ FLEX_CAPABILITY_CACHE_TTL_MS: '-5' }).FLEX_CAPABILITY_CACHE_TTL_MS).toBe(0);
  });

  it('names FLEX_SERVER_PORT when it is not a port', () => {
    expect(envErrorOf(() => parseFlexEnv({ FLEX_SERVER_PORT: 'abc' })).variable).toBe('FLEX_SERVER_PORT');
  });
});

describe('launcher env', () => {
  it('defaults the embedded Postgres to its own port and .data/postgres', () => {
    expect(parseLauncherEnv({})).toMatchObject({
      EMBEDDED_PG_PORT: 54329,
      EMBEDDED_PG_DATA_DIR: '.data/postgres',
      EMBEDDED_PG_USER: 'cafe',
      EMBEDDED_PG_PASSWORD: 'cafe',
      EMBEDDED_PG_DATABASE: 'cafe',
    });
    expect(parseLauncherEnv({ EMBEDDED_PG_PORT: '55000' }).EMBEDDED_PG_PORT).toBe(55000);
    expect(envErrorOf(() => parseLauncherEnv({ EMBEDDED_PG_PORT: 'five' })).variable).toBe('EMBEDDED_PG_PORT');
  });
});

describe('event payload check switch', () => {
  it('is off unless CAFE_CHECK_EVENT_PAYLOADS says true, and names the variable when it is not a boolean', () => {
    expect(readEventPayloadCheck({})).toBe(false);
    expect(readEventPayloadCheck({ CAFE_CHECK_EVENT_PAYLOADS: 'true' })).toBe(true);
    expect(readEventPayloadCheck({ CAFE_CHECK_EVENT_PAYLOADS: 'false' })).toBe(false);
    expect(envErrorOf(() => readEventPayloadCheck({ CAFE_CHECK_EVENT_PAYLOADS: 'maybe' })).variable).toBe('CAFE_CHECK_EVENT_PAYLOADS');
  });
});
