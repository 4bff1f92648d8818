import { describe, expect, it } from 'vitest';
import { CafeError } from '@cafe/shared';
import { assertStorableJson, assertStorableQuery, isSafeHeaderValue, isStorableText, MAX_JSON_DEPTH } from '../src/index';

function errorOf(fn: () => void): CafeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CafeError) return error;
    throw error;
  }
  throw new Error('expected a CafeError');
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? { a: value } : [value];
  return value;
}

describe('isStorableText', () => {
  it.each([['plain'], [''], ['😀 paired surrogates'], ['é中文'], ['\t\r\n']])('accepts %j', (value) => {
    expect(isStorableText(value)).toBe(true);
  });

  it.each([['a\u0000b'], ['\ud800'], ['x\udc00'], ['\udbff'], ['\ude00\ud83d']])('refuses %j (NUL or an unpaired surrogate)', (value) => {
    expect(isStorableText(value)).toBe(false);
  });
});

describe('assertStorableJson', () => {
  it('accepts ordinary bodies, up to MAX_JSON_DEPTH levels', () => {
    expect(() => assertStorableJson({ actorId: 'a', metadata: { tags: ['x', 1, null, true] } })).not.toThrow();
    expect(() => assertStorableJson(nested(MAX_JSON_DEPTH))).not.toThrow();
  });

  it('refuses deeper nesting with 400 ERR_VALIDATION and the limit, without overflowing the stack', () => {
    const error = errorOf(() => assertStorableJson(nested(MAX_JSON_DEPTH + 1)));
    expect(error).toMatchObject({ code: 'ERR_VALIDATION', status: 400, details: { maxDepth: MAX_JSON_DEPTH } });
    expect(errorOf(() => assertStorableJson(nested(200_000))).code).toBe('ERR_VALIDATION');
  });

  it('names the dotted field of a NUL or unpaired surrogate, in values and in keys', () => {
    expect(errorOf(() => assertStorableJson({ text: 'a\u0000' })).details).toEqual({ field: 'text' });
    expect(errorOf(() => assertStorableJson({ metadata: { list: ['ok', '\ud800'] } })).details).toEqual({ field: 'metadata.list.1' });
    expect(errorOf(() => assertStorableJson({ metadata: { 'k\u0000': 1 } })).details).toEqual({ field: 'metadata.<key>' });
    expect(errorOf(() => assertStorableJson({ text: '\u0000' })).code).toBe('ERR_VALIDATION');
  });
});

describe('assertStorableQuery', () => {
  it('accepts ordinary values and repeated parameters', () => {
    expect(() => assertStorableQuery({ roomId: 'main', types: ['a', 'b'] })).not.toThrow();
  });

  it('refuses a NUL or unpaired surrogate in any value or name, naming the parameter', () => {
    expect(errorOf(() => assertStorableQuery({ roomId: 'a\u0000b' })).details).toEqual({ field: 'roomId' });
    expect(errorOf(() => assertStorableQuery({ types: ['ok', '\udc00'] })).details).toEqual({ field: 'types' });
    expect(errorOf(() => assertStorableQuery({ 'x\u0000': '1' })).code).toBe('ERR_VALIDATION');
  });
});

describe('isSafeHeaderValue', () => {
  it('accepts printable ASCII and refuses what Node would throw on', () => {
    expect(isSafeHeaderValue('corr-1 abc_~')).toBe(true);
    expect(isSafeHeaderValue('😀')).toBe(false);
    expect(isSafeHeaderValue('a\r\nb')).toBe(false);
    expect(isSafeHeaderValue('\u0007')).toBe(false);
  });
});
