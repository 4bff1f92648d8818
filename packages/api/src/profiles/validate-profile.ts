import { z } from 'zod';
import { CafeError } from '@cafe/shared';
import { checkedField, parseFields } from '../request/fields';
import type { Profile, ProfileTheme } from './profile';

/** The fields a profile write may carry (docs/api.md#profiles), in the order error details list them. */
export const PROFILE_FIELDS = ['displayName', 'avatarUrl', 'bio', 'theme', 'metadata'] as const;
export const THEME_KEYS = ['bubbleColor', 'textColor', 'accentColor'] as const;

export interface ProfileFields {
  displayName: string;
  avatarUrl: string | null;
  bio: string | null;
  theme: ProfileTheme | null;
  metadata: Record<string, unknown>;
}

const COLOR_PATTERN = /^#(?:[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** `displayName`: a non-blank string, trimmed; else ERR_MISSING_FIELD. */
export function readDisplayName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: displayName', { field: 'displayName' });
  }
  return value.trim();
}

/** `avatarUrl`: null/blank → null; otherwise an absolute http(s) URL (ERR_INVALID_URL). */
export function readAvatarUrl(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new CafeError('ERR_VALIDATION', 'avatarUrl must be a string', { field: 'avatarUrl' });
  const trimmed = value.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new CafeError('ERR_INVALID_URL', 'avatarUrl must be an absolute http(s) URL', { field: 'avatarUrl', value });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CafeError('ERR_INVALID_URL', 'avatarUrl must be an absolute http(s) URL', { field: 'avatarUrl', value });
  }
  return trimmed;
}

/** `bio`: free text or null; non-string → ERR_VALIDATION. */
export function readBio(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new CafeError('ERR_VALIDATION', 'bio must be a string', { field: 'bio' });
  return value;
}

/** One theme colour: `#rrggbb`/`#rrggbbaa` lower-cased; null or blank → null. */
export function readThemeColor(key: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  if (typeof value !== 'string' || !COLOR_PATTERN.test(value.trim())) {
    throw new CafeError('ERR_INVALID_COLOR', `theme.${key} must be #rrggbb or #rrggbbaa`, { field: `theme.${key}`, value });
  }
  return value.trim().toLowerCase();
}

/**
 * `theme`: null, or an object whose known colour keys are validated; other keys are ignored and
 * an object without any known key is stored as null (docs/api.md#profiles).
 */
export function readTheme(value: unknown): ProfileTheme | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new CafeError('ERR_VALIDATION', 'theme must be an object or null', { field: 'theme' });
  }
  const input = value as Record<string, unknown>;
  const theme: ProfileTheme = {};
  let known = 0;
  for (const key of THEME_KEYS) {
    if (!(key in input)) continue;
    theme[key] = readThemeColor(key, input[key]);
    known += 1;
  }
  return known > 0 ? theme : null;
}

/** `metadata`: an object, default `{}`; anything else → ERR_VALIDATION. */
export function readMetadata(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new CafeError('ERR_VALIDATION', 'metadata must be an object', { field: 'metadata' });
  }
  return value as Record<string, unknown>;
}

const READERS = {
  displayName: readDisplayName,
  avatarUrl: readAvatarUrl,
  bio: readBio,
  theme: readTheme,
  metadata: readMetadata,
} as const;

/** POST /v1/profiles: every field, omitted optional ones become null / `{}` (full replace). */
export function parseProfileReplace(body: Record<string, unknown>): ProfileFields {
  const schema = z.object({
    displayName: checkedField(readDisplayName),
    avatarUrl: checkedField(readAvatarUrl),
    bio: checkedField(readBio),
    theme: checkedField(readTheme),
    metadata: checkedField(readMetadata),
  });
  return parseFields(schema, body);
}

/**
 * PATCH /v1/profiles/{actorId}: only the fields present in the body; none present →
 * ERR_VALIDATION listing the accepted fields. A theme in a patch replaces the whole theme.
 */
export function parseProfilePatch(body: Record<string, unknown>): Partial<ProfileFields> {
  const present = PROFILE_FIELDS.filter((field) => body[field] !== undefined);
  if (present.length === 0) {
    throw new CafeError('ERR_VALIDATION', 'At least one profile field is required', { fields: [...PROFILE_FIELDS] });
  }
  const shape = Object.fromEntries(present.map((field) => [field, checkedField(READERS[field] as (value: unknown) => unknown)]));
  return parseFields(z.object(shape), body) as Partial<ProfileFields>;
}

/** The profile after a full replace: `createdAt` is kept from the existing record. */
export function buildReplacedProfile(
  key: { tenantId: string; actorId: string },
  fields: ProfileFields,
  existing: Profile | null,
  now: Date,
): Profile {
  const at = now.toISOString();
  return { ...key, ...fields, createdAt: existing?.createdAt ?? at, updatedAt: at };
}

/** The profile after a partial patch. */
export function buildPatchedProfile(existing: Profile, patch: Partial<ProfileFields>, now: Date): Profile {
  return { ...existing, ...patch, updatedAt: now.toISOString() };
}
