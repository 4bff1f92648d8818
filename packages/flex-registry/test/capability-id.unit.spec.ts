import { describe, expect, it } from 'vitest';
import { isPossibleCapabilityId } from '../src/domain/capability-id';

describe('possible capability ids (path parameters)', () => {
  it('accepts what registration accepts and rejects ids that cannot have been registered', () => {
    expect(isPossibleCapabilityId('writer.en')).toBe(true);
    expect(isPossibleCapabilityId('odd/id with space')).toBe(true);
    expect(isPossibleCapabilityId('x'.repeat(256))).toBe(true);
    expect(isPossibleCapabilityId('')).toBe(false);
    expect(isPossibleCapabilityId('a\u0000b')).toBe(false);
    expect(isPossibleCapabilityId('\udc00')).toBe(false);
    expect(isPossibleCapabilityId('x'.repeat(257))).toBe(false);
  });
});
