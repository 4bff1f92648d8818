import { createMemoryRateLimiter, createProxyTrust } from '@cafe/http';
import { CafeError, createLogger, parseApiEnv, type ApiEnv } from '@cafe/shared';
import type { TestDatabase } from '@cafe/testkit';
import { resolveApiCorsOrigins } from '../../src/cors/cors-policy';
import { createSettledPageCache } from '../../src/event-reads/settled-page-cache';
import { createDisabledUnreadCounters } from '../../src/inbox/unread-counters';
import { readModerationLimits } from '../../src/moderation/moderation-rules';
import { createMemoryModerationStore } from '../../src/moderation/moderation-store';
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
    db: { sql: db.sql, ready: Promise.resolve(), probe: async () => null, horizon: async () => null, close: async () => {} },
    redis: null,
    limiter: createMemoryRateLimiter(),
    trustsProxy: createProxyTrust(parsed.TRUST_PROXY),
    unread: createDisabledUnreadCounters('REDIS_URL not configured'),
    moderation: createMemoryModerationStore(readModerationLimits(parsed)),
    corsOrigins: resolveApiCorsOrigins(parsed.API_CORS_ALLOW_ORIGINS, parsed.NODE_ENV),
    settledPages: createSettledPageCache(),
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

/** The CafeError a promise rejects with (fails the test if it resolves or throws something else). */
export async function failureOf(promise: Promise<unknown>): Promise<CafeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CafeError) return error;
    throw error;
  }
  throw new Error('expected a CafeError');
}

/**
 * Waits until every committed event is readable. Event reads stay below the cluster's oldest
 * running transaction (the commit-ordered cursor), so right after a write another session's
 * open transaction can briefly hide it.
 */
export async function waitUntilSettled(sql: TestDatabase['sql'], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql<{ hidden: number }[]>`
      select count(*)::int as hidden from events where tx_id >= pg_snapshot_xmin(pg_current_snapshot())`;
    if (row!.hidden === 0) return;
    if (Date.now() > deadline) throw new Error(`${row!.hidden} committed events still below the horizon after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
