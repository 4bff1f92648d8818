import { describe, expect, it } from 'vitest';
import { planWaves } from '../src/mutation/commit-group';

const member = (locks: string[], sharedLocks: string[] = []) => ({ locks, sharedLocks });

describe('planWaves', () => {
  it('puts members that share no key in one wave', () => {
    expect(planWaves([member(['a']), member(['b']), member(['c'])])).toEqual([[0, 1, 2]]);
  });

  it('runs members that share an exclusive key one after another, in arrival order', () => {
    expect(planWaves([member(['a']), member(['b']), member(['a']), member(['a', 'c'])])).toEqual([[0, 1], [2], [3]]);
  });

  it('lets shared holds of one key run together, and orders them around an exclusive hold', () => {
    const plan = planWaves([member(['k1'], ['room']), member(['k2'], ['room']), member(['room']), member(['k3'], ['room'])]);
    expect(plan).toEqual([[0, 1], [2], [3]]);
  });

  it('places a member after the latest wave among all of its keys', () => {
    // 0 and 1 take wave 0; 2 waits for 0 (wave 1); 3 shares a key with 2 and with 1: wave 2.
    expect(planWaves([member(['a']), member(['b']), member(['a', 'c']), member(['b', 'c'])])).toEqual([[0, 1], [2], [3]]);
  });

  it('treats a key held both ways by one member as exclusive', () => {
    expect(planWaves([member(['x'], ['x']), member([], ['x'])])).toEqual([[0], [1]]);
  });

  it('keeps every member exactly once', () => {
    const members = Array.from({ length: 50 }, (_, index) => member([`k${index % 7}`], [`s${index % 3}`]));
    const plan = planWaves(members);
    expect(plan.flat().sort((a, b) => a - b)).toEqual(members.map((_, index) => index));
    for (const wave of plan) {
      const keys = wave.map((index) => members[index]!.locks[0]);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
