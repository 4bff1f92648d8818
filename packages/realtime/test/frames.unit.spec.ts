import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@cafe/shared';
import { decideWrite, shouldAwaitDrain } from '../src/buffer-policy';
import { formatEventFrame, formatHeartbeatFrame, formatReadyFrame, formatSnapshotFrame, formatSseFrame } from '../src/frames';

const request = { tenantId: 'default', roomId: 'main', actorId: null, types: ['a'], cursor: 0, fresh: false, limit: 300 };
const event: EventEnvelope = { eventId: 'e', sequence: 7, tenantId: 'default', roomId: 'main', actorId: 'x', type: 'order_changed', timestamp: 't', payload: {}, correlationId: 'c', causationId: null };

describe('SSE frames (docs/streams.md#the-realtime-stream)', () => {
  it('writes id, event and one compact data line, then a blank line', () => {
    expect(formatSseFrame({ id: 3, event: 'x', data: { a: 1 } })).toBe('id: 3\nevent: x\ndata: {"a":1}\n\n');
    expect(formatSseFrame({ data: [] })).toBe('data: []\n\n');
  });

  it('frames an event with its sequence and type, encoded once: the same bytes every time', () => {
    const frame = formatEventFrame(event);
    expect(frame.toString('utf8')).toBe(`id: 7\nevent: order_changed\ndata: ${JSON.stringify(event)}\n\n`);
    expect(formatEventFrame(event)).toBe(frame);
    expect(formatEventFrame({ ...event })).not.toBe(frame);
  });

  it('renders snapshot, ready (truncated only when set) and heartbeat payloads', () => {
    expect(formatSnapshotFrame(request, { lastCursor: 9, connected: true })).toBe(
      'event: snapshot\ndata: {"tenantId":"default","roomId":"main","actorId":null,"types":["a"],"lastCursor":9,"sourceConnected":true}\n\n',
    );
    expect(formatReadyFrame(request, 2, 'r1', false)).toBe('event: ready\ndata: {"tenantId":"default","roomId":"main","replayed":2,"requestId":"r1"}\n\n');
    expect(formatReadyFrame(request, 2, 'r1', true)).toContain('"truncated":true');
    expect(formatHeartbeatFrame(5, 1000)).toBe('event: heartbeat\ndata: {"ts":1000,"cursor":5}\n\n');
  });
});

describe('buffer policy', () => {
  it('drops a client whose unsent bytes would pass the cap', () => {
    expect(decideWrite(0, 100, 4096)).toBe('write');
    expect(decideWrite(4000, 96, 4096)).toBe('write');
    expect(decideWrite(4000, 97, 4096)).toBe('drop');
  });

  it('pauses replay at half the cap', () => {
    expect(shouldAwaitDrain(2047, 4096)).toBe(false);
    expect(shouldAwaitDrain(2048, 4096)).toBe(true);
  });
});
