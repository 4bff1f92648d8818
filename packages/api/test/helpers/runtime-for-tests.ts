import { createMemoryRateLimiter } from '@cafe/http';
import { createLogger, parseApiEnv, type ApiEnv } from '@cafe/shared';
import type { TestDatabase } from '@cafe/testkit';
import { createDisabledUnreadCounters } from '../../src/inbox/unread-counters';
import type { ApiRuntime } from '../../src/runtime';

/**
 * An ApiRuntime over a test database, for integration tests that call services directly:
 * the real env parser (with overrides), a quiet logger, no Redis.
 */
export function createRuntimeForTests(db: TestDatabase, env: Record<string, string> = {}): ApiRuntime {
  const parsed: ApiEnv = parseApiEnv({ DATABASE_URL: db.url, LOG_LEVEL: 'error', NODE_ENV: 'test', ...env });
  return {
    env: parsed,
    logger: createLogger({ service: 'api-test', level: 'error' }),
    db: { sql: db.sql, ready: Promise.resolve(), probe: async () => null, close: async () => {} },
    redis: null,
    limiter: createMemoryRateLimiter(),
    unread: createDisabledUnreadCounters('REDIS_URL not configured'),
    startedAt: Date.now(),
  };
}

/** A mutation request's common parts with a fresh idempotency key (`null`: send none). */
export function mutationRequest(body: Record<string, unknown>, idempotencyKey: string | null = crypto.randomUUID()) {
  return { body, requestId: crypto.randomUUID(), idempotencyKey: idempotencyKey ?? undefined };
}

/** Parses a mutation result's stored body. */
export function bodyOf<T = Record<string, unknown>>(result: { body: string }): { ok: true; data: T } {
  return JSON.parse(result.body) as { ok: true; data: T };
}
