import { describe, expect, it } from 'vitest';
import { clampReplayLimit, parseStreamRequest } from '../src/stream-request';

describe('parseStreamRequest (docs/streams.md#the-realtime-stream, docs/streams.md#resume)', () => {
  it('applies defaults: tenant from env, room main, limit 300, cursor 0', () => {
    expect(parseStreamRequest({}, undefined, 'acme')).toEqual({ tenantId: 'acme', roomId: 'main', actorId: null, types: [], cursor: 0, fresh: true, limit: 300 });
  });

  it('trims tenant and room and treats blanks as defaults', () => {
    expect(parseStreamRequest({ tenantId: '  t1 ', roomId: '   ', actorId: ' bob ' }, undefined, 'default')).toMatchObject({ tenantId: 't1', roomId: 'main', actorId: 'bob' });
  });

  it('splits and trims the types list', () => {
    expect(parseStreamRequest({ types: 'a, b,,c ' }, undefined, 'd').types).toEqual(['a', 'b', 'c']);
  });

  it('takes the larger of cursor and a numeric Last-Event-ID; non-numeric values count as 0', () => {
    expect(parseStreamRequest({ cursor: '5' }, '9', 'd').cursor).toBe(9);
    expect(parseStreamRequest({ cursor: '12' }, '9', 'd').cursor).toBe(12);
    expect(parseStreamRequest({ cursor: 'abc' }, 'xyz', 'd').cursor).toBe(0);
    expect(parseStreamRequest({ cursor: ['1', '7'] }, undefined, 'd').cursor).toBe(7);
  });

  it('clamps the replay limit to 1–1000', () => {
    expect(clampReplayLimit('0')).toBe(1);
    expect(clampReplayLimit('5000')).toBe(1000);
    expect(clampReplayLimit('42')).toBe(42);
    expect(clampReplayLimit('x')).toBe(300);
    expect(clampReplayLimit(undefined)).toBe(300);
  });
});
