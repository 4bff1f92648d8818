import { CAPABILITY_ID_MAX_LENGTH, isStorableText } from '@cafe/shared';

/**
 * True when a string could be a registered capability id. Ids from a URL path are checked
 * before they reach SQL: one that cannot exist (empty, too long, a NUL Postgres would reject)
 * is simply unknown, a 404, never a database error.
 */
export function isPossibleCapabilityId(value: string): boolean {
  return value.length > 0 && value.length <= CAPABILITY_ID_MAX_LENGTH && isStorableText(value);
}
