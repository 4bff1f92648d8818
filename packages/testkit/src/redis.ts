import { Redis } from 'ioredis';

/** The Redis URL for tests, or undefined when none is configured. */
export function getTestRedisUrl(): string | undefined {
  // `||`: a blank variable (as a sourced .env file leaves it) counts as unset.
  return process.env.TEST_REDIS_URL || process.env.REDIS_URL || undefined;
}

/** True when a Redis answers PING at the test URL within a second. */
export async function isRedisReachable(url = getTestRedisUrl()): Promise<boolean> {
  if (!url) return false;
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A unique key prefix so test files sharing one Redis never see each other's keys. */
export function uniqueRedisPrefix(label = 't'): string {
  return `cafe-test:${label}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
