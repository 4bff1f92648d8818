import { describe, expect, it } from 'vitest';
import {
  buildPatchedProfile,
  buildReplacedProfile,
  parseProfilePatch,
  parseProfileReplace,
  readAvatarUrl,
  readTheme,
} from '../src/profiles/validate-profile';
import { errorOf } from './helpers/error-of';


describe('profile validation (docs/api.md#profiles)', () => {
  it('fills omitted optional fields on a full replace', () => {
    expect(parseProfileReplace({ displayName: '  Ada  ' })).toEqual({ displayName: 'Ada', avatarUrl: null, bio: null, theme: null, metadata: {} });
  });

  it('requires a non-blank displayName on replace', () => {
    for (const displayName of [undefined, '', '   ', 42]) {
      const error = errorOf(() => parseProfileReplace({ displayName }));
      expect(error.code).toBe('ERR_MISSING_FIELD');
      expect(error.details).toEqual({ field: 'displayName' });
    }
  });

  it('accepts http(s) avatar URLs and null/blank, rejects others with ERR_INVALID_URL', () => {
    expect(readAvatarUrl('https://cdn.example/a.png')).toBe('https://cdn.example/a.png');
    expect(readAvatarUrl(' http://x.test/y ')).toBe('http://x.test/y');
    expect(readAvatarUrl(null)).toBeNull();
    expect(readAvatarUrl('  ')).toBeNull();
    for (const value of ['not a url', 'ftp://x.test/a', 'javascript:alert(1)', '/relative.png']) {
      const error = errorOf(() => readAvatarUrl(value));
      expect(error.code).toBe('ERR_INVALID_URL');
      expect(error.details).toEqual({ field: 'avatarUrl', value });
    }
    expect(errorOf(() => readAvatarUrl(7)).code).toBe('ERR_VALIDATION');
  });

  it('lower-cases theme colours, maps blanks to null and ignores unknown keys', () => {
    expect(readTheme({ bubbleColor: '#AABBCC', textColor: '#11223344', accentColor: '', shadow: 'x' })).toEqual({
      bubbleColor: '#aabbcc',
      textColor: '#11223344',
      accentColor: null,
    });
    expect(readTheme({ shadow: '#ffffff' })).toBeNull();
    expect(readTheme(null)).toBeNull();
  });

  it('rejects bad colours with ERR_INVALID_COLOR naming theme.<key>', () => {
    for (const value of ['#abc', 'red', '#gggggg', '#1234567', 12]) {
      const error = errorOf(() => readTheme({ accentColor: value }));
      expect(error.code).toBe('ERR_INVALID_COLOR');
      expect(error.details).toEqual({ field: 'theme.accentColor', value });
    }
  });

  it('rejects a non-object theme, bio or metadata with ERR_VALIDATION', () => {
    expect(errorOf(() => readTheme('blue')).message).toBe('theme must be an object or null');
    expect(errorOf(() => readTheme(['#ffffff'])).code).toBe('ERR_VALIDATION');
    expect(errorOf(() => parseProfileReplace({ displayName: 'A', bio: 3 })).details).toEqual({ field: 'bio' });
    expect(errorOf(() => parseProfileReplace({ displayName: 'A', metadata: [] })).details).toEqual({ field: 'metadata' });
  });

  it('patches only present fields and needs at least one', () => {
    expect(parseProfilePatch({ bio: 'hi', other: 1 })).toEqual({ bio: 'hi' });
    expect(parseProfilePatch({ theme: null })).toEqual({ theme: null });
    const error = errorOf(() => parseProfilePatch({ tenantId: 't', other: 1 }));
    expect(error.code).toBe('ERR_VALIDATION');
    expect(error.details).toEqual({ fields: ['displayName', 'avatarUrl', 'bio', 'theme', 'metadata'] });
    expect(errorOf(() => parseProfilePatch({ displayName: ' ' })).code).toBe('ERR_MISSING_FIELD');
  });

  it('keeps createdAt on replace and patch', () => {
    const created = buildReplacedProfile({ tenantId: 't', actorId: 'a' }, parseProfileReplace({ displayName: 'A' }), null, new Date('2026-01-01T00:00:00.000Z'));
    expect(created.createdAt).toBe('2026-01-01T00:00:00.000Z');
    const replaced = buildReplacedProfile({ tenantId: 't', actorId: 'a' }, parseProfileReplace({ displayName: 'B' }), created, new Date('2026-01-02T00:00:00.000Z'));
    expect(replaced).toMatchObject({ displayName: 'B', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' });
    const patched = buildPatchedProfile(replaced, { bio: 'x' }, new Date('2026-01-03T00:00:00.000Z'));
    expect(patched).toMatchObject({ displayName: 'B', bio: 'x', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-03T00:00:00.000Z' });
  });
});
