import { describe, expect, it } from 'vitest';
import { parseCursor } from '../src/index';

describe('parseCursor', () => {
  it('reads non-negative integer sequences from strings and numbers', () => {
    expect(parseCursor('42')).toBe(42);
    expect(parseCursor(' 7 ')).toBe(7);
    expect(parseCursor(12.9)).toBe(12);
    expect(parseCursor(-3)).toBe(0);
  });

  it('falls back for non-numeric, negative-looking or unsafe values', () => {
    expect(parseCursor('abc')).toBe(0);
    expect(parseCursor('-5')).toBe(0);
    expect(parseCursor('1e3')).toBe(0);
    expect(parseCursor(undefined, 9)).toBe(9);
    expect(parseCursor('99999999999999999999')).toBe(0);
    expect(parseCursor(Number.NaN)).toBe(0);
  });

  it('uses the last value of a repeated query parameter', () => {
    expect(parseCursor(['3', '8'])).toBe(8);
  });
});
