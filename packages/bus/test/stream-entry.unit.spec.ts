import { describe, expect, it } from 'vitest';
import { checkChain, parseStreamEntry, parseStreamId, toStreamId } from '../src/redis/stream-entry';

const event = { eventId: 'e', sequence: 7, tenantId: 't', roomId: 'r', actorId: 'a', type: 'x', timestamp: '', payload: {}, correlationId: 'c', causationId: null };

describe('stream entries', () => {
  it('maps sequences to ids and back', () => {
    expect(toStreamId(42)).toBe('42-0');
    expect(parseStreamId('42-0')).toBe(42);
    expect(parseStreamId('1700000000000-3')).toBe(1700000000000);
    expect(parseStreamId('nope')).toBeNaN();
  });

  it('decodes bus entries and rejects foreign or inconsistent ones', () => {
    expect(parseStreamEntry('7-0', ['prev', '5', 'event', JSON.stringify(event)])).toEqual({ sequence: 7, prev: 5, event });
    expect(parseStreamEntry('8-0', ['prev', '5', 'event', JSON.stringify(event)])).toBeNull();
    expect(parseStreamEntry('7-0', ['event', JSON.stringify(event)])).toBeNull();
    expect(parseStreamEntry('7-0', ['prev', '5', 'event', '{'])).toBeNull();
  });

  it('chains: skip what was seen, deliver the next, fetch a missing range first', () => {
    expect(checkChain(10, { sequence: 9, prev: 8 })).toEqual({ kind: 'skip' });
    expect(checkChain(10, { sequence: 10, prev: 8 })).toEqual({ kind: 'skip' });
    expect(checkChain(10, { sequence: 12, prev: 10 })).toEqual({ kind: 'deliver' });
    expect(checkChain(10, { sequence: 12, prev: 4 })).toEqual({ kind: 'deliver' });
    expect(checkChain(10, { sequence: 30, prev: 25 })).toEqual({ kind: 'gap', after: 10, upTo: 25 });
  });
});
