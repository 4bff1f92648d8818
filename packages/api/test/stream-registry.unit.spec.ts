import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStreamRegistry } from '../src/streams/stream-registry';

/** The parts of a Node response the registry reads: its close event and whether it ended. */
class FakeResponse extends EventEmitter {
  destroyed = false;
  writableEnded = false;
  headersSent = false;
  end() {
    this.writableEnded = true;
  }
  /** The client goes away. */
  leave() {
    this.destroyed = true;
    this.emit('close');
  }
}
const asResponse = (res: FakeResponse) => res as unknown as ServerResponse;

afterEach(() => {
  vi.useRealTimers();
});

describe('the market-events stream registry', () => {
  it('counts a stream from admission, closes it when its client leaves and runs its cleanups once', () => {
    const registry = createStreamRegistry({ maxClients: 5, heartbeatMs: 1000 });
    const res = new FakeResponse();
    const stream = registry.open(asResponse(res));
    const cleanup = vi.fn();
    stream.onClose(cleanup);
    expect(registry.clients).toBe(1);
    res.leave();
    expect(stream.closed).toBe(true);
    expect(registry.clients).toBe(0);
    expect(cleanup).toHaveBeenCalledTimes(1);
    stream.close();
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(res.listenerCount('close')).toBe(0);
  });

  it('runs a cleanup registered after the client left at once (a setup that finished late)', () => {
    const registry = createStreamRegistry({ maxClients: 5, heartbeatMs: 1000 });
    const res = new FakeResponse();
    const stream = registry.open(asResponse(res));
    res.leave();
    const unsubscribe = vi.fn();
    stream.onClose(unsubscribe);
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    // The response of a client that left is ended, so nothing else tries to answer it.
    expect(res.writableEnded).toBe(true);
  });

  it('admits a response whose client already left as closed', () => {
    const registry = createStreamRegistry({ maxClients: 5, heartbeatMs: 1000 });
    const res = new FakeResponse();
    res.destroyed = true;
    const stream = registry.open(asResponse(res));
    expect(stream.closed).toBe(true);
    expect(registry.clients).toBe(0);
    expect(registry.heartbeatRunning).toBe(false);
  });

  it('leaves a response that never started open when setup fails, for the error handler', () => {
    const registry = createStreamRegistry({ maxClients: 5, heartbeatMs: 1000 });
    const res = new FakeResponse();
    registry.open(asResponse(res)).close();
    expect(res.writableEnded).toBe(false);
    expect(registry.clients).toBe(0);
  });

  it('refuses the stream over the cap with the 503 envelope error, and admits again once one closed', () => {
    const registry = createStreamRegistry({ maxClients: 2, heartbeatMs: 1000 });
    const first = new FakeResponse();
    registry.open(asResponse(first));
    registry.open(asResponse(new FakeResponse()));
    let refused: unknown;
    try {
      registry.open(asResponse(new FakeResponse()));
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'ERR_RATE_LIMITED', status: 503, details: { reasonCode: 'API_STREAM_MAX_CLIENTS', maxClients: 2, retryAfterSeconds: 1 } });
    first.leave();
    expect(() => registry.open(asResponse(new FakeResponse()))).not.toThrow();
  });

  it('runs one heartbeat timer for all streams, only while a stream is open', () => {
    vi.useFakeTimers();
    const registry = createStreamRegistry({ maxClients: 5, heartbeatMs: 1000 });
    expect(registry.heartbeatRunning).toBe(false);
    const a = new FakeResponse();
    const b = new FakeResponse();
    const beatA = vi.fn();
    const beatB = vi.fn();
    registry.open(asResponse(a)).setHeartbeat(beatA);
    registry.open(asResponse(b)).setHeartbeat(beatB);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(beatA).toHaveBeenCalledTimes(2);
    expect(beatB).toHaveBeenCalledTimes(2);
    a.leave();
    vi.advanceTimersByTime(1000);
    expect(beatA).toHaveBeenCalledTimes(2);
    expect(beatB).toHaveBeenCalledTimes(3);
    b.leave();
    expect(registry.heartbeatRunning).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closeAll ends every stream (shutdown)', () => {
    const registry = createStreamRegistry({ maxClients: 5, heartbeatMs: 1000 });
    const res = new FakeResponse();
    res.headersSent = true;
    const stream = registry.open(asResponse(res));
    registry.closeAll();
    expect(stream.closed).toBe(true);
    expect(res.writableEnded).toBe(true);
    expect(registry.clients).toBe(0);
  });
});
