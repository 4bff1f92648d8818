import { describe, expect, it } from 'vitest';
import { createSseFrameReader } from '../src/sse-frames';

describe('createSseFrameReader', () => {
  it('completes frames across chunk boundaries, with id, event and data', () => {
    const read = createSseFrameReader();
    expect(read('id: 4')).toEqual([]);
    expect(read('2\nevent: say\ndata: {"a":1}\n')).toEqual([]);
    expect(read('\nevent: heartbeat\ndata: {}\n\n')).toEqual([
      { id: '42', event: 'say', data: '{"a":1}' },
      { id: null, event: 'heartbeat', data: '{}' },
    ]);
  });

  it('joins multi-line data, skips comments and accepts CRLF', () => {
    const read = createSseFrameReader();
    expect(read(': keep-alive\r\n\r\ndata: a\r\ndata: b\r\n\r\n')).toEqual([{ id: null, event: null, data: 'a\nb' }]);
  });
});
