import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@cafe/shared';
import { createEventHistory } from '../src/live/history';

function event(sequence: number, roomId = 'main', tenantId = 'default', actorId = 'a'): EventEnvelope {
  return { eventId: `e${sequence}`, sequence, tenantId, roomId, actorId, type: 't', timestamp: '', payload: {}, correlationId: 'c', causationId: null };
}
const seqs = (events: EventEnvelope[] | null) => events?.map((e) => e.sequence) ?? null;
const UNBOUNDED = Number.MAX_SAFE_INTEGER;
const KIB = 1024;
const MIB = 1024 * KIB;

/** An event whose payload carries about `bytes` of text. */
function sizedEvent(sequence: number, bytes: number, roomId = 'main'): EventEnvelope {
  return { ...event(sequence, roomId), payload: { text: 'x'.repeat(bytes) } };
}

/** A tiny deterministic generator, so a failing case can be replayed. */
function createRandom(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % below;
  };
}

describe('event history', () => {
  it('answers from its start position and refuses cursors it does not cover', () => {
    const history = createEventHistory({ roomLimit: 3, globalLimit: 4, maxRooms: 10, maxBytes: UNBOUNDED });
    history.reset(10);
    history.append([event(11), event(12, 'side'), event(13)]);
    expect(seqs(history.readAfter(10, { tenantId: 'default', roomId: 'main' }))).toEqual([11, 13]);
    expect(seqs(history.readAfter(11, undefined))).toEqual([12, 13]);
    expect(history.readAfter(9, undefined)).toBeNull();
    expect(history.readAfter(9, { tenantId: 'default', roomId: 'main' })).toBeNull();
    expect(seqs(history.readAfter(10, { tenantId: 'default', roomId: 'never' }))).toEqual([]);
  });

  it('moves coverage past evicted events, never answering partially', () => {
    const history = createEventHistory({ roomLimit: 2, globalLimit: 2, maxRooms: 10, maxBytes: UNBOUNDED });
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
    const history = createEventHistory({ roomLimit: 10, globalLimit: 0, maxRooms: 2, maxBytes: UNBOUNDED });
    history.reset(0);
    history.append([event(1, 'r1'), event(2, 'r2'), event(3, 'r3')]);
    expect(history.readAfter(0, { tenantId: 'default', roomId: 'r1' })).toBeNull();
    expect(seqs(history.readAfter(0, { tenantId: 'default', roomId: 'r2' }))).toEqual([2]);
    expect(history.readAfter(2, { tenantId: 'default', roomId: 'r9' })).toBeNull();
    expect(seqs(history.readAfter(3, { tenantId: 'default', roomId: 'r9' }))).toEqual([]);
    expect(history.readAfter(0, undefined)).toBeNull();
  });

  it('applies author and type filters and ignores events at or below its position', () => {
    const history = createEventHistory({ roomLimit: 10, globalLimit: 10, maxRooms: 10, maxBytes: UNBOUNDED });
    history.reset(0);
    history.append([event(1, 'main', 'default', 'a'), event(2, 'main', 'default', 'b')]);
    history.append([event(2, 'main', 'default', 'x')]);
    expect(seqs(history.readAfter(0, { tenantId: 'default', roomId: 'main', actorId: 'b' }))).toEqual([2]);
    expect(seqs(history.readAfter(0, { types: ['other'] }))).toEqual([]);
  });

  it('holds at most maxBytes however large the events are, dropping the oldest first', () => {
    const history = createEventHistory({ roomLimit: 500, globalLimit: 2000, maxRooms: 1000, maxBytes: 4 * MIB });
    history.reset(0);
    const room = { tenantId: 'default', roomId: 'main' };
    const held: number[] = [];
    for (let n = 1; n <= 20; n += 1) {
      history.append([sizedEvent(n, MIB)]);
      held.push(history.readAfter(0, undefined)?.length ?? 0);
    }
    // Twenty 1 MiB events, far below the count limits, are not all kept: the oldest went.
    expect(history.readAfter(0, room)).toBeNull();
    expect(history.readAfter(0, undefined)).toBeNull();
    expect(Math.max(...held)).toBeLessThanOrEqual(4);
    expect(seqs(history.readAfter(19, room))).toEqual([20]);
    expect(seqs(history.readAfter(19, undefined))).toEqual([20]);
    expect(history.stats().bytes).toBeLessThanOrEqual(4 * MIB);
    expect(history.stats()).toMatchObject({ maxBytes: 4 * MIB });
    expect(history.stats().events).toBeGreaterThan(0);
  });

  it('lets a few huge events go without losing the many small ones that came after them', () => {
    const history = createEventHistory({ roomLimit: 500, globalLimit: 2000, maxRooms: 1000, maxBytes: MIB });
    history.reset(0);
    history.append([sizedEvent(1, 300 * KIB, 'a'), sizedEvent(2, 300 * KIB, 'b'), sizedEvent(3, 300 * KIB, 'a')]);
    const small = Array.from({ length: 200 }, (_, i) => sizedEvent(4 + i, 100, i % 2 === 0 ? 'a' : 'b'));
    history.append(small);
    expect(history.stats().bytes).toBeLessThanOrEqual(MIB);
    expect(seqs(history.readAfter(3, undefined))).toEqual(small.map((e) => e.sequence));
    expect(seqs(history.readAfter(3, { tenantId: 'default', roomId: 'b' }))).toEqual(small.filter((e) => e.roomId === 'b').map((e) => e.sequence));
  });

  it('bounds all rooms together: the oldest events of any room go first', () => {
    const history = createEventHistory({ roomLimit: 500, globalLimit: 0, maxRooms: 1000, maxBytes: 256 * KIB });
    history.reset(0);
    let sequence = 0;
    for (let round = 0; round < 10; round += 1) {
      history.append(Array.from({ length: 50 }, (_, room) => sizedEvent(++sequence, 4 * KIB, `r${room}`)));
      expect(history.stats().bytes).toBeLessThanOrEqual(256 * KIB);
    }
    // The newest round of every room is still there; the first round of every room is gone.
    for (let room = 0; room < 50; room += 1) {
      const filter = { tenantId: 'default', roomId: `r${room}` };
      expect(history.readAfter(0, filter)).toBeNull();
      expect(seqs(history.readAfter(sequence - 50, filter))).toEqual([sequence - 49 + room]);
    }
  });

  it('whatever it answers is complete, under any mix of sizes, rooms and limits (randomised)', () => {
    for (let seed = 1; seed <= 25; seed += 1) {
      const random = createRandom(seed);
      const options = { roomLimit: 1 + random(20), globalLimit: random(40), maxRooms: 1 + random(6), maxBytes: 2 * KIB + random(64 * KIB) };
      const history = createEventHistory(options);
      history.reset(0);
      const log: EventEnvelope[] = [];
      for (let batch = 0; batch < 40; batch += 1) {
        const events = Array.from({ length: 1 + random(8) }, () => sizedEvent(log.length + 1, random(4) === 0 ? random(16 * KIB) : random(300), `r${random(8)}`)).map(
          (e, i) => ({ ...e, sequence: log.length + 1 + i }),
        );
        log.push(...events);
        history.append(events);
        expect(history.stats().bytes).toBeLessThanOrEqual(options.maxBytes);
        for (let probe = 0; probe < 6; probe += 1) {
          const after = random(log.length + 1);
          const filter = random(3) === 0 ? undefined : { tenantId: 'default', roomId: `r${random(8)}` };
          const answer = history.readAfter(after, filter);
          if (answer === null) continue;
          const expected = log.filter((e) => e.sequence > after && (!filter || e.roomId === filter.roomId));
          expect(seqs(answer), `seed ${seed}, after ${after}, ${JSON.stringify(filter)}`).toEqual(seqs(expected));
        }
      }
      // Something recent is still served from memory unless one event alone passes the budget.
      const last = log[log.length - 1]!;
      if (options.globalLimit > 0 && JSON.stringify(last).length * 2 < options.maxBytes) expect(seqs(history.readAfter(last.sequence - 1, undefined))).toEqual([last.sequence]);
    }
  });
});

