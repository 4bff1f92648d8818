import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@cafe/shared';
import { createEventHistory } from '../src/live/history';

function event(sequence: number, roomId = 'main', tenantId = 'default', actorId = 'a'): EventEnvelope {
  return { eventId: `e${sequence}`, sequence, tenantId, roomId, actorId, type: 't', timestamp: '', payload: {}, correlationId: 'c', causationId: null };
}
const seqs = (events: EventEnvelope[] | null) => events?.map((e) => e.sequence) ?? null;

describe('event history', () => {
  it('answers from its start position and refuses cursors it does not cover', () => {
    const history = createEventHistory({ roomLimit: 3, globalLimit: 4, maxRooms: 10 });
    history.reset(10);
    history.append([event(11), event(12, 'side'), event(13)]);
    expect(seqs(history.readAfter(10, { tenantId: 'default', roomId: 'main' }))).toEqual([11, 13]);
    expect(seqs(history.readAfter(11, undefined))).toEqual([12, 13]);
    expect(history.readAfter(9, undefined)).toBeNull();
    expect(history.readAfter(9, { tenantId: 'default', roomId: 'main' })).toBeNull();
    expect(seqs(history.readAfter(10, { tenantId: 'default', roomId: 'never' }))).toEqual([]);
  });

  it('moves coverage past evicted events, never answering partially', () => {
    const history = createEventHistory({ roomLimit: 2, globalLimit: 2, maxRooms: 10 });
    history.reset(0);
    history.append([1, 2, 3, 4, 5, 6].map((n) => event(n)));
    const room = { tenantId: 'default', roomId: 'main' };
    // Whatever is answered is complete: every event after the cursor up to the newest.
    for (let after = 0; after <= 6; after += 1) {
      const answer = history.readAfter(after, room);
      if (answer !== null) expect(seqs(answer)).toEqual([1, 2, 3, 4, 5, 6].filter((n) => n > after));
    }
    expect(history.readAfter(0, room)).toBeNull();
    expect(seqs(history.readAfter(5, room))).toEqual([6]);
  });

  it('forgets the oldest room beyond maxRooms and then covers new rooms only from that point', () => {
    const history = createEventHistory({ roomLimit: 10, globalLimit: 0, maxRooms: 2 });
    history.reset(0);
    history.append([event(1, 'r1'), event(2, 'r2'), event(3, 'r3')]);
    expect(history.readAfter(0, { tenantId: 'default', roomId: 'r1' })).toBeNull();
    expect(seqs(history.readAfter(0, { tenantId: 'default', roomId: 'r2' }))).toEqual([2]);
    expect(history.readAfter(2, { tenantId: 'default', roomId: 'r9' })).toBeNull();
    expect(seqs(history.readAfter(3, { tenantId: 'default', roomId: 'r9' }))).toEqual([]);
    expect(history.readAfter(0, undefined)).toBeNull();
  });

  it('applies author and type filters and ignores events at or below its position', () => {
    const history = createEventHistory({ roomLimit: 10, globalLimit: 10, maxRooms: 10 });
    history.reset(0);
    history.append([event(1, 'main', 'default', 'a'), event(2, 'main', 'default', 'b')]);
    history.append([event(2, 'main', 'default', 'x')]);
    expect(seqs(history.readAfter(0, { tenantId: 'default', roomId: 'main', actorId: 'b' }))).toEqual([2]);
    expect(seqs(history.readAfter(0, { types: ['other'] }))).toEqual([]);
  });
});
