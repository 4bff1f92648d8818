import { describe, expect, it } from 'vitest';
import { createSseParser, reconnectDelayMs } from '../console/assets/sse.js';
import { newIdempotencyKey } from '../console/assets/api.js';

describe('console SSE parser', () => {
  it('emits complete frames only, across chunk boundaries, joining data lines and skipping comments', () => {
    const frames: Array<{ id?: string; event: string; data: string }> = [];
    const feed = createSseParser((frame: { id?: string; event: string; data: string }) => frames.push(frame));
    feed('id: 7\nevent: conversation_message_posted\nda');
    expect(frames).toEqual([]);
    feed('ta: {"a":1}\n\n: keep-alive\n\nevent: heartbeat\r\ndata: {"cursor":7}\r\n\r\ndata: one\ndata: two\n\n');
    expect(frames).toEqual([
      { id: '7', event: 'conversation_message_posted', data: '{"a":1}' },
      { id: undefined, event: 'heartbeat', data: '{"cursor":7}' },
      { id: undefined, event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('reconnects quickly first, then backs off to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(reconnectDelayMs)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('makes v4 idempotency keys without crypto.randomUUID (plain-http pages have none)', () => {
    const key = newIdempotencyKey({ getRandomValues: (bytes: Uint8Array) => bytes.fill(0xff) } as unknown as typeof globalThis.crypto);
    expect(key).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});
