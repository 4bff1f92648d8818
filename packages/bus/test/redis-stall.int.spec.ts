import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestRedisUrl, isRedisReachable, startStallingProxy, type StallingProxy } from '@cafe/testkit';
import { createRedisClient } from '../src/index';

const redisUrl = getTestRedisUrl();
const reachable = await isRedisReachable(redisUrl);

describe.skipIf(!reachable)('a Redis that stops answering', () => {
  let proxy: StallingProxy;
  beforeAll(async () => {
    const target = new URL(redisUrl!);
    proxy = await startStallingProxy({ host: target.hostname, port: Number(target.port || 6379) });
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('fails commands within the command timeout instead of hanging, drops the silent socket, and recovers', async () => {
    const client = createRedisClient(`redis://127.0.0.1:${proxy.port}`, { name: 'stall-test', commandTimeoutMs: 300 });
    try {
      await expect.poll(() => client.status, { timeout: 5000 }).toBe('ready');
      expect(await client.ping()).toBe('PONG');
      proxy.stall();
      // Without a timeout this would never settle (the test would time out instead).
      await expect(client.ping()).rejects.toThrow(/timed out|timeout/i);
      // The silent socket is dropped: commands now fail at once instead of each waiting.
      await expect.poll(() => client.status, { timeout: 5000 }).not.toBe('ready');
      await expect(client.get('anything')).rejects.toThrow();
      proxy.resume();
      await expect.poll(() => client.status, { timeout: 10_000 }).toBe('ready');
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });
});
