import { CAFE_VERSION } from '@cafe/shared';
import type { FlexRuntime } from './runtime';

/** `GET /api/v1/health` (docs/flex-registry.md#health) plus service, version and modes. */
export async function getFlexHealth(runtime: FlexRuntime) {
  const dbProblem = await runtime.db.probe();
  const { env } = runtime;
  return {
    status: dbProblem ? 'degraded' : 'healthy',
    service: 'flex-agents-server',
    version: CAFE_VERSION,
    timestamp: new Date().toISOString(),
    uptimeSeconds: Math.floor((Date.now() - runtime.startedAt) / 1000),
    reason: dbProblem,
    modes: { postgres: env.CAFE_POSTGRES_MODE, transport: env.REDIS_URL ? 'redis' : 'postgres' },
    services: { database: { ok: dbProblem === null }, openai: { configured: Boolean(env.FLEX_OPENAI_API_KEY) } },
    env: { nodeEnv: env.NODE_ENV },
  };
}
